/**
 * `npm start`: the lab server (README "Lab") on http://127.0.0.1:8080/ — your applications behind
 * your mount and validate, a real Hono app through your fromFetchHandler, an upload form read with
 * your readForm. Everything here runs on YOUR gateway (src/).
 *
 *   tsx bench/start.ts [--port 8080]
 */
import { parseArgs } from 'node:util';
import { Hono } from 'hono';
import {
  type App,
  environEcho,
  failing,
  fromFetchHandler,
  greetForm,
  hello,
  mount,
  readForm,
  serve,
  ticker,
  validate,
} from '../src/index.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' } } });

// Hono sees the full path: SCRIPT_NAME + PATH_INFO, rebuilt by fromFetchHandler.
const hono = new Hono().basePath('/hono');
hono.get('/', (c) => c.text('Hello from Hono, through your gateway!\n'));
hono.get('/users/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }));
hono.post('/echo', async (c) => c.text(await c.req.text()));

/** Reads a form part by part and answers what it saw; files are counted, never held whole. */
const upload: App = (environ, startResponse) =>
  (async function* () {
    const seen: Array<{ name: string; filename?: string; bytes: number }> = [];
    for await (const part of readForm(environ)) {
      let bytes = 0;
      for await (const chunk of part.body) bytes += chunk.length;
      seen.push({
        name: part.name,
        ...(part.filename === undefined ? {} : { filename: part.filename }),
        bytes,
      });
    }
    startResponse('200 OK', [['Content-Type', 'application/json']]);
    yield new TextEncoder().encode(`${JSON.stringify(seen, null, 2)}\n`);
  })();

const app = mount({
  '/hello': validate(hello),
  '/env': validate(environEcho),
  '/form': validate(greetForm),
  '/tick': ticker(10, 1000),
  '/fail': failing('after'),
  '/upload': upload,
  '/hono': fromFetchHandler(hono.fetch),
});

const server = serve(app, {
  onError: (error, environ) =>
    console.error(`${environ?.REQUEST_METHOD} ${environ?.PATH_INFO}:`, error),
});
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(
    `listening ${values.port}: try curl -v http://127.0.0.1:${values.port}/hello (README "Lab")`,
  );
});
