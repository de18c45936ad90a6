/**
 * Starts one static server on loopback and prints `listening <port>` when ready.
 *
 *   tsx bench/serve.ts [--impl participant|reference|node-send] [--root DIR] [--port N] [--listing]
 *
 * `npm start` runs the participant's server on the fixture web root at port 8080 (README lab).
 * The bench runs each contender in its own process, so the load generator does not share an
 * event loop with the server it measures.
 */

import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import send from 'send';

const { values } = parseArgs({
  options: {
    impl: { type: 'string', default: 'participant' },
    root: { type: 'string', default: resolve(import.meta.dirname, '../test/fixtures/root') },
    port: { type: 'string', default: '8080' },
    listing: { type: 'boolean', default: false },
  },
});
const root = resolve(values.root);

async function build(): Promise<Server> {
  switch (values.impl) {
    case 'participant': {
      const { createStaticServer } = await import('../src/index.ts');
      return createStaticServer({ root, listing: values.listing });
    }
    case 'reference': {
      // The reference is in the instructor's source only (the workshop repository has none).
      const url = new URL('../../../reference/static-server/src/index.ts', import.meta.url);
      if (!existsSync(url)) throw new Error('--impl reference: no reference/ in this repository');
      const { createStaticServer } = (await import(url.href)) as typeof import('../src/index.ts');
      return createStaticServer({ root, listing: values.listing });
    }
    case 'node-send':
      // The production peer: node:http (llhttp) + pillarjs/send, as serve-static and Express use.
      return createHttpServer((req, res) => {
        send(req, req.url ?? '/', { root }).pipe(res);
      });
    default:
      throw new Error(`unknown --impl ${values.impl}`);
  }
}

const server = await build();
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : values.port;
  console.log(`listening ${port}`);
  if (values.port !== '0')
    console.log(`serving ${root} at http://127.0.0.1:${port}/ (${values.impl})`);
});
