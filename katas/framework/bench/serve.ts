/**
 * One contender of `npm run bench`, in its own process: prints `listening <port>` when ready and
 * answers a `cpu` line on stdin with `cpu <µs>` (the CPU time this process has used).
 *
 *   tsx bench/serve.ts --impl participant|reference|reference-gateway|hono
 *
 * Every contender answers GET /users/:id with the same JSON, `{"id":"<id>","ok":true}`, except
 * `reference-gateway`: the reference gateway alone running a bare application that writes those
 * bytes — the ceiling the framework layer is measured against.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';

const { values } = parseArgs({ options: { impl: { type: 'string', default: 'participant' } } });

type Framework = typeof import('../src/index.ts');
type Gateway = typeof import('../src/prereqs.ts');

function referencePath(kata: string): string {
  const file = resolve(import.meta.dirname, `../../../reference/${kata}/src/index.ts`);
  // The template has no reference/: the bench then simply has no such row.
  if (!existsSync(file)) throw new Error('no reference in this tree');
  return file;
}

function onFramework(framework: Framework, gateway: Gateway): Server {
  const app = framework.createApp();
  app.get('/users/:id', (req, res) => res.json({ id: req.params.id, ok: true }));
  return gateway.serve(app.gateway);
}

async function build(): Promise<Server> {
  switch (values.impl) {
    case 'participant':
      return onFramework(await import('../src/index.ts'), await import('../src/prereqs.ts'));
    case 'reference':
      return onFramework(
        (await import(referencePath('framework'))) as Framework,
        (await import(
          resolve(import.meta.dirname, '../../../reference/framework/src/prereqs.ts')
        )) as Gateway,
      );
    case 'reference-gateway': {
      const gateway = (await import(referencePath('gateway'))) as Gateway;
      return gateway.serve((environ, startResponse) => {
        const id = environ.PATH_INFO.slice('/users/'.length);
        const body = new TextEncoder().encode(JSON.stringify({ id, ok: true }));
        startResponse('200 OK', [
          ['Content-Type', 'application/json'],
          ['Content-Length', String(body.length)],
        ]);
        return [body];
      });
    }
    case 'hono': {
      const app = new Hono();
      app.get('/users/:id', (c) => c.json({ id: c.req.param('id'), ok: true }));
      return createAdaptorServer({ fetch: app.fetch }) as unknown as Server;
    }
    default:
      throw new Error(`unknown --impl ${values.impl}`);
  }
}

const server = await build();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address !== null ? address.port : 0}`);
});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line: string) => {
  if (line.includes('cpu')) {
    const { user, system } = process.cpuUsage();
    console.log(`cpu ${user + system}`);
  }
});
