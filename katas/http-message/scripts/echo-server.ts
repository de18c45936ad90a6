/**
 * `npm run echo [-- <port>]`: a tiny TCP server that parses whatever you send it with YOUR
 * RequestParser (katas/http-message/src) and answers each request with what it parsed. For the
 * netcat lab in the README:
 *
 *   npm run echo                       # listens on 127.0.0.1:8080
 *   printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8080
 *
 * KATA_IMPL=reference npm run echo runs the reference parser instead, to compare.
 * A parse error is answered with the status the error carries, then the connection is closed.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const impl =
  process.env.KATA_IMPL === 'reference'
    ? new URL('../../../reference/http-message/src/index.ts', import.meta.url)
    : new URL('../src/index.ts', import.meta.url);
if (!existsSync(impl)) {
  // The workshop repository has no reference/: the instructor publishes it after the workshop.
  console.error('KATA_IMPL=reference: no reference solution in this repository');
  process.exit(2);
}
const m = (await import(impl.href)) as typeof import('../src/index.ts');

const port = Number(process.argv[2] ?? 8080);

const server = createServer((socket) => {
  const parser = new m.RequestParser();
  let report = '';
  let bodyBytes = 0;
  let keepAlive = true;

  const fail = (error: unknown): void => {
    // Answer the pipelined requests that were complete before the bad one, then the error.
    if (error instanceof m.HttpParseError) handle(error.events as ReturnType<typeof parser.push>);
    const status = error instanceof m.HttpParseError ? error.status : 500;
    const code = error instanceof m.HttpParseError ? error.code : String(error);
    const body = `rejected: ${code}\n`;
    socket.end(m.serializeResponse({ status, headers: [['Connection', 'close']], body }));
  };

  const handle = (events: ReturnType<typeof parser.push>): void => {
    for (const e of events) {
      if (e.type === 'head') {
        const h = e.head;
        keepAlive = m.isKeepAlive(h);
        report = `method:  ${JSON.stringify(h.method)}\ntarget:  ${JSON.stringify(h.target)}\nversion: ${h.version}\n`;
        for (const [name, value] of h.headers)
          report += `field:   ${JSON.stringify(name)} = ${JSON.stringify(value)}\n`;
        bodyBytes = 0;
      } else if (e.type === 'data') {
        bodyBytes += e.data.length;
        report += `data:    ${e.data.length} bytes ${JSON.stringify(Buffer.from(e.data).toString('latin1'))}\n`;
      } else {
        for (const [name, value] of e.trailers)
          report += `trailer: ${JSON.stringify(name)} = ${JSON.stringify(value)}\n`;
        report += `end:     ${bodyBytes} body bytes\n`;
        const headers: Array<[string, string]> = [['Content-Type', 'text/plain; charset=utf-8']];
        if (!keepAlive) headers.push(['Connection', 'close']);
        socket.write(m.serializeResponse({ status: 200, headers, body: report }));
        if (!keepAlive) socket.end();
      }
    }
  };

  socket.on('data', (chunk) => {
    try {
      console.log(`← ${chunk.length} bytes ${JSON.stringify(chunk.toString('latin1'))}`);
      handle(parser.push(chunk));
    } catch (error) {
      fail(error);
    }
  });
  socket.on('end', () => {
    try {
      handle(parser.end());
      socket.end();
    } catch (error) {
      fail(error);
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(port, '127.0.0.1', () => {
  console.log(
    `echoing parsed requests on 127.0.0.1:${port} (${impl.pathname.includes('/reference/') ? 'reference' : 'your'} parser); Ctrl-C to stop`,
  );
});
