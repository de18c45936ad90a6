import { connect } from 'node:net';
import { serveProcesses } from '../../../reference/concurrency/src/index.ts';
const root = '/work/wt/concurrency/katas/concurrency/test/fixtures/files';
function ask(port: number, lines: string[]): Promise<string> {
  return new Promise((res) => { const c = connect(port, '127.0.0.1'); let d = ''; c.on('close', () => res(d)); c.on('data', (x) => { d += x; if (d.split('\n').length > lines.length) { c.end(); res(d); } }); c.write(lines.map((l) => l + '\n').join('')); });
}
for (const serve of [serveProcesses]) {
  let t = performance.now();
  const s = await serve({ root });
  console.log(s.model, 'up', Math.round(performance.now() - t), s.stats());
  console.log(await ask(s.port, ['PING', 'ECHO hi there', 'HASH 2 abc', 'SLEEP 5', 'READ hello.txt', 'READ escape.txt', 'READ ../x', 'CRASH', 'PING']));
  console.log(await ask(s.port, ['PING']), s.stats());
  await new Promise((r) => setTimeout(r, 1500));
  console.log(await ask(s.port, ['PING']), s.stats());
  t = performance.now();
  await s.close();
  console.log(s.model, 'closed', Math.round(performance.now() - t), process.getActiveResourcesInfo());
}
