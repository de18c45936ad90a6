/**
 * Everything outside the cgi-bin prefix is served by kata 9's static server, unchanged: it runs
 * on an ephemeral loopback port inside this process and each request is forwarded to it on a
 * connection of its own (`Connection: close`), its answer piped back with the connection fields
 * rewritten for the client's connection. static-server's API has no request hook, so the glue
 * talks to it the way any client would — it works with any implementation of that kata.
 */
import { connect, type Server, type Socket } from 'node:net';
import { createStaticServer, type RequestHead, type StaticServerOptions } from './prereqs.ts';

/** Fields about the hop, not the message: ours to set on each side. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

export class StaticProxy {
  private readonly server: Server;
  private port: Promise<number> | undefined;
  private readonly open = new Set<Socket>();

  constructor(options: StaticServerOptions) {
    this.server = createStaticServer(options);
  }

  private listening(): Promise<number> {
    this.port ??= new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
    return this.port;
  }

  /** Forwards one request; resolves whether the client connection may stay open. */
  async forward(
    head: RequestHead,
    body: Buffer | undefined,
    client: Socket,
    keepAlive: boolean,
  ): Promise<boolean> {
    const port = await this.listening();
    const lines = [`${head.method} ${head.target} HTTP/1.1`];
    for (const [name, value] of head.headers) {
      if (!HOP.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
    }
    if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
    lines.push('Connection: close');
    const inner = connect({ host: '127.0.0.1', port });
    this.open.add(inner);
    inner.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    if (body !== undefined) inner.write(body);
    return new Promise<boolean>((resolve) => {
      let buffered = Buffer.alloc(0);
      let headSent = false;
      let persistent = false;
      /** Body bytes the head announced (Content-Length, or none), and those relayed so far. */
      let expected: number | undefined;
      let relayed = 0;
      const onClientClose = (): void => {
        inner.destroy();
      };
      client.once('close', onClientClose);
      const finish = (ok: boolean): void => {
        client.off('close', onClientClose);
        this.open.delete(inner);
        inner.destroy();
        if (!ok) client.destroy();
        resolve(ok && persistent);
      };
      inner.on('data', (chunk: Buffer) => {
        if (headSent) {
          relayed += chunk.length;
          if (!client.write(chunk)) {
            inner.pause();
            client.once('drain', () => inner.resume());
          }
          return;
        }
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(text[0]!.slice(9, 12));
        const out = [text[0]!];
        let length: string | undefined;
        for (const line of text.slice(1)) {
          const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
          if (name === 'content-length') length = line.slice(line.indexOf(':') + 1).trim();
          if (!HOP.has(name)) out.push(line);
        }
        const bodiless = head.method === 'HEAD' || status < 200 || status === 204 || status === 304;
        if (length !== undefined) out.push(`Content-Length: ${length}`);
        persistent = keepAlive && (bodiless || length !== undefined);
        expected = bodiless ? 0 : length === undefined ? undefined : Number(length);
        if (!persistent) out.push('Connection: close');
        else if (head.version === 'HTTP/1.0') out.push('Connection: keep-alive');
        headSent = true;
        client.write(Buffer.from(`${out.join('\r\n')}\r\n\r\n`, 'latin1'));
        const rest = buffered.subarray(end + 4);
        relayed = rest.length;
        if (rest.length > 0) client.write(rest);
      });
      // A body that ends before its Content-Length was cut short (the static server gave up on
      // a stalled client): only closing tells the client, which would otherwise wait for the rest.
      inner.on('end', () => finish(headSent && (expected === undefined || relayed >= expected)));
      inner.on('error', () => finish(false));
    });
  }

  close(): void {
    for (const socket of this.open) socket.destroy();
    if (this.server.listening) this.server.close();
  }
}
