/**
 * Starts one hello-world server on loopback and prints `listening <port>` when ready.
 *
 *   tsx bench/serve.ts --impl participant|reference|node-http|hono-node-server [--port N]
 *
 * The bench runs each contender in its own process, so autocannon does not share an event loop
 * with the server it measures. The same bytes everywhere: 200, text/plain, "Hello, world!\n".
 * A line `cpu` on stdin is answered with `cpu <µs>`: the CPU time this process has used, which the
 * bench turns into CPU per request — a figure a loaded machine distorts far less than req/s.
 */
import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAdaptorServer } from '@hono/node-server';

const { values } = parseArgs({
  options: {
    impl: { type: 'string', default: 'participant' },
    port: { type: 'string', default: '0' },
  },
});
const BODY = 'Hello, world!\n';
const TYPE = 'text/plain; charset=utf-8';

async function build(): Promise<Server> {
  switch (values.impl) {
    case 'participant': {
      const { serve, hello } = await import('../src/index.ts');
      return serve(hello);
    }
    case 'reference': {
      // The template has no reference/: the bench then simply has no such row.
      const file = resolve(import.meta.dirname, '../../../reference/gateway/src/index.ts');
      if (!existsSync(file)) throw new Error('no reference in this tree');
      const { serve, hello } = (await import(file)) as typeof import('../src/index.ts');
      return serve(hello);
    }
    case 'node-http':
      return createHttpServer((_req, res) => {
        res.setHeader('Content-Type', TYPE);
        res.end(BODY);
      });
    case 'hono-node-server':
      return createAdaptorServer({
        fetch: () => new Response(BODY, { headers: { 'Content-Type': TYPE } }),
      }) as unknown as Server;
    default:
      throw new Error(`unknown --impl ${values.impl}`);
  }
}

const server = await build();
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : values.port;
  console.log(`listening ${port}`);
});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line: string) => {
  if (line.includes('cpu')) {
    const { user, system } = process.cpuUsage();
    console.log(`cpu ${user + system}`);
  }
});
