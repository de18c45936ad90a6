import { connect } from 'node:net';
import { serveProcesses } from '../../../reference/concurrency/src/index.ts';
import cluster from 'node:cluster';
const root = '/work/wt/concurrency/katas/concurrency/test/fixtures/files';
function ask(port: number, lines: string[]): Promise<string> {
  return new Promise((res) => { const c = connect(port, '127.0.0.1'); let d = ''; c.on('close', () => res(d)); c.on('data', (x) => { d += x; if (d.split('\n').length > lines.length) { c.end(); res(d); } }); c.write(lines.map((l) => l + '\n').join('')); });
}
let t = performance.now();
const s = await serveProcesses({ root });
console.log(s.model, 'up', Math.round(performance.now() - t), s.stats());
console.log(await ask(s.port, ['CRASH'])); await new Promise((r) => setTimeout(r, 2000)); console.log(s.stats());
cluster.on('exit', (w, code, sig) => console.log('exit', w.process.pid, code, sig));
t = performance.now();
setTimeout(() => console.log('still', s.stats(), Object.values(cluster.workers ?? {}).map((w) => [w?.process.pid, w?.isConnected(), w?.state])), 3000).unref();
await s.close();
console.log(s.model, 'closed', Math.round(performance.now() - t), process.getActiveResourcesInfo());
