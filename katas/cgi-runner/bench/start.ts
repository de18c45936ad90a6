/**
 * Starts one CGI server on loopback and prints `listening <port>` when ready.
 *
 *   tsx bench/start.ts [--impl participant|reference] [--port N] [--timeout-ms N] [--max N] [--cpu]
 *
 * `npm start` runs your server with test/fixtures/cgi-bin under /cgi-bin and test/fixtures/www
 * elsewhere, on port 8080 (README lab). The bench starts each contender in its own process.
 * With `--cpu` (the bench), a line `cpu` on stdin is answered with `cpu <µs>`: the CPU time this
 * process has used (its scripts' own time not included), which the bench turns into CPU per
 * request. Without it stdin is left alone (`npm start &` must not stop on reading a terminal).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    impl: { type: 'string', default: 'participant' },
    port: { type: 'string', default: '8080' },
    'timeout-ms': { type: 'string', default: '30000' },
    max: { type: 'string', default: '64' },
    cpu: { type: 'boolean', default: false },
  },
});
const fixtures = resolve(import.meta.dirname, '../test/fixtures');
const referenceEntry = resolve(import.meta.dirname, '../../../reference/cgi-runner/src/index.ts');

type Impl = typeof import('../src/index.ts');
async function load(): Promise<Impl> {
  if (values.impl === 'participant') return import('../src/index.ts');
  if (values.impl === 'reference' && existsSync(referenceEntry))
    return (await import(referenceEntry)) as Impl;
  throw new Error(`unknown or absent --impl ${values.impl}`);
}

const { createCgiServer } = await load();
const server = createCgiServer({
  cgiBin: join(fixtures, 'cgi-bin'),
  static: { root: join(fixtures, 'www') },
  env: { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` },
  timeoutMs: Number(values['timeout-ms']),
  maxConcurrent: Number(values.max),
  onStderr: (line, script) => console.error(`[${script}] ${line}`),
});
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : values.port;
  console.log(`listening ${port}`);
  if (values.port !== '0')
    console.log(`cgi-bin and www at http://127.0.0.1:${port}/ (${values.impl})`);
});
if (values.cpu) {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.includes('cpu')) {
      const { user, system } = process.cpuUsage();
      console.log(`cpu ${user + system}`);
    }
  });
}
