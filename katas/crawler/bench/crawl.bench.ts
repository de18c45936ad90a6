/**
 * `npm run bench`: pages per second crawling the fixture site (bench/site.ts, in its own
 * process) breadth-first, keep-alive, gzip, the same concurrency for every contender:
 *
 *   participant       crawl() from src/ (skipped while it throws NotImplemented)
 *   reference         crawl() from reference/crawler/src (only when that folder exists)
 *   undici + parse5   a BFS crawler on undici 7's Pool (keep-alive) and parse5's tree
 *   undici + ref html the same on the reference's tokenizer (when reference/ exists): the
 *                     HTTP clients compared without the HTML parsers
 *
 * Each contender crawls the whole site ROUNDS times (BENCH_ROUNDS, default 3), alternating; the
 * best round counts, in pages per second and in pages per second of CPU time of this process. Ratios between contenders of one run on one machine are the figures to
 * compare; absolute numbers on a shared machine are noise.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'parse5';
import { Pool } from 'undici';
import * as participant from '../src/index.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGES = Number(process.env.BENCH_PAGES ?? 300);
type CrawlModule = Pick<typeof participant, 'crawl'>;

function startSite(): Promise<{ origin: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'site.ts'), '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_PAGES: String(PAGES) },
      },
    );
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve({ origin: `http://127.0.0.1:${m[1]}`, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`site exited ${code}`)));
  });
}

/** Our crawl(): every page, robots.txt off (the peer does not read it), politeness off. */
async function viaCrawl(mod: CrawlModule, origin: string): Promise<number> {
  let pages = 0;
  for await (const e of mod.crawl(`${origin}/`, {
    concurrency: CONCURRENCY,
    perHostConcurrency: CONCURRENCY,
    maxDepth: 1000,
    maxPages: 100_000,
    robots: false,
  })) {
    if (e.type === 'page') pages++;
  }
  return pages;
}

type Extract = (html: string, base: string) => string[];

/** Links of `a` elements from parse5's tree (the production HTML parser). */
const parse5Links: Extract = (html, base) => {
  const out: string[] = [];
  const walk = (n: {
    tagName?: string;
    attrs?: Array<{ name: string; value: string }>;
    childNodes?: unknown[];
  }): void => {
    if (n.tagName === 'a') {
      const href = n.attrs?.find((a) => a.name === 'href')?.value;
      if (href !== undefined) out.push(new URL(href, base).href.split('#')[0]!);
    }
    for (const c of n.childNodes ?? []) walk(c as typeof n);
  };
  walk(parse(html) as unknown as Parameters<typeof walk>[0]);
  return out;
};

/** The peer: BFS over undici's Pool with the same concurrency, links from `extract`. */
async function viaUndici(origin: string, links: Extract): Promise<number> {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const seen = new Set<string>([`${origin}/`]);
  const queue = [`${origin}/`];
  let pages = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const url = queue.shift();
      if (url === undefined) return;
      const res = await pool.request({
        path: url.slice(origin.length),
        method: 'GET',
        headers: { 'accept-encoding': 'gzip' },
      });
      let body = Buffer.from(await res.body.arrayBuffer());
      if (res.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      pages++;
      for (const link of links(body.toString('utf8'), url)) {
        if (link.startsWith(origin) && !seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
  };
  // BFS with a moving frontier: workers that find the queue empty wait for the others.
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const spawnWorkers = (): void => {
      while (active < CONCURRENCY && queue.length > 0) {
        active++;
        worker().then(() => {
          active--;
          if (queue.length > 0) spawnWorkers();
          else if (active === 0) resolve();
        }, reject);
      }
    };
    spawnWorkers();
  });
  await pool.close();
  return pages;
}

async function main(): Promise<void> {
  const site = await startSite();
  const contenders: Array<{ name: string; run: () => Promise<number> }> = [];
  try {
    participant.crawl(`${site.origin}/`);
    contenders.push({ name: 'participant', run: () => viaCrawl(participant, site.origin) });
  } catch (error) {
    console.log(
      `  participant: skipped (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const refPath = join(import.meta.dirname, '../../../reference/crawler/src/index.ts');
  if (existsSync(refPath)) {
    const reference = (await import(refPath)) as CrawlModule;
    contenders.push({ name: 'reference', run: () => viaCrawl(reference, site.origin) });
  }
  contenders.push({ name: 'undici + parse5', run: () => viaUndici(site.origin, parse5Links) });
  // The same peer with the reference's tokenizer instead of parse5: the HTTP clients alone.
  if (existsSync(refPath)) {
    const { extractLinks } = (await import(refPath)) as Pick<typeof participant, 'extractLinks'>;
    const ours: Extract = (html, base) =>
      extractLinks(html, base)
        .filter((l) => l.tag === 'a')
        .map((l) => l.url.split('#')[0]!);
    contenders.push({ name: 'undici + ref html', run: () => viaUndici(site.origin, ours) });
  }
  const best = new Map<string, number>();
  // Pages per second of this process's CPU time (the site runs in its own process): on a shared,
  // loaded machine wall-clock rates swing with the other processes; CPU per page much less.
  const bestCpu = new Map<string, number>();
  try {
    for (const c of contenders) await c.run(); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of contenders) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const pages = await c.run();
        const rate = pages / ((performance.now() - started) / 1000);
        const used = process.cpuUsage(cpu);
        const cpuRate = pages / ((used.user + used.system) / 1e6);
        // "/" and "/p/0" are both page 0: PAGES + 1 URLs.
        if (pages !== PAGES + 1) console.log(`  ${c.name}: crawled ${pages} of ${PAGES + 1} pages`);
        best.set(c.name, Math.max(best.get(c.name) ?? 0, rate));
        bestCpu.set(c.name, Math.max(bestCpu.get(c.name) ?? 0, cpuRate));
      }
    }
  } finally {
    site.stop();
  }
  const peer = best.get('undici + parse5')!;
  const peerCpu = bestCpu.get('undici + parse5')!;
  console.log(
    `\ncrawl ${PAGES} pages, concurrency ${CONCURRENCY}, keep-alive, gzip (best of ${ROUNDS})`,
  );
  console.log(
    `  ${'contender'.padEnd(18)}  ${'pages/s'.padStart(9)}  ratio  ${'pages/CPU-s'.padStart(11)}  ratio`,
  );
  for (const [name, rate] of best) {
    const cpuRate = bestCpu.get(name)!;
    console.log(
      `  ${name.padEnd(18)}  ${Math.round(rate).toString().padStart(9)}  ${(rate / peer).toFixed(2)}×  ${Math.round(cpuRate).toString().padStart(11)}  ${(cpuRate / peerCpu).toFixed(2)}×`,
    );
  }
  console.log('  ratio = pages/s (or pages per CPU second) ÷ the same of undici + parse5');
}

await main();
