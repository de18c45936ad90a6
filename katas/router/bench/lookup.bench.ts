/**
 * `npm run bench`: lookups per second on a 100-route REST table, for your router, the
 * reference, a linear list of path-to-regexp matchers, and find-my-way (the baseline: ratios
 * are ops/s ÷ find-my-way's). README "The lab" explains what the numbers say.
 */
import { existsSync } from 'node:fs';
import { compare, type Workload } from '@hbu/kata-kit/bench';
import FindMyWay from 'find-my-way';
import { match as compile } from 'path-to-regexp';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/router/src/index.ts', import.meta.url);
const referenceModule = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;
const Participant = participant.Router;
const Reference = referenceModule?.Router;

const RESOURCES = [
  'users',
  'posts',
  'comments',
  'tags',
  'orders',
  'invoices',
  'products',
  'carts',
  'payments',
  'refunds',
  'shipments',
  'reviews',
  'teams',
  'projects',
  'issues',
  'labels',
  'milestones',
  'webhooks',
  'tokens',
  'sessions',
];

/** 20 resources × (list, create, show, update, delete) = 100 routes. */
const TABLE: Array<[string, string]> = RESOURCES.flatMap((r) => [
  ['GET', `/api/v1/${r}`],
  ['POST', `/api/v1/${r}`],
  ['GET', `/api/v1/${r}/:id`],
  ['PUT', `/api/v1/${r}/:id`],
  ['DELETE', `/api/v1/${r}/:id`],
]);

/** A router as the bench sees it: one lookup, answering a status. */
type Lookup = (method: string, path: string) => unknown;

function ours(Ctor: typeof Participant): Lookup {
  const router = new Ctor<string>();
  for (const [method, pattern] of TABLE) router.add(method, pattern, `${method} ${pattern}`);
  return (method, path) => router.match(method, path);
}

function findMyWay(): Lookup {
  const router = FindMyWay();
  for (const [method, pattern] of TABLE) router.on(method as 'GET', pattern, () => {});
  return (method, path) => router.find(method as 'GET', path);
}

/** The classic framework router: a list of compiled regular expressions, tried in order. */
function linear(): Lookup {
  const routes = TABLE.map(([method, pattern]) => ({
    method,
    test: compile(pattern, { decode: decodeURIComponent }),
  }));
  return (method, path) => {
    const allow: string[] = [];
    for (const route of routes) {
      const hit = route.test(path);
      if (hit === false) continue;
      if (route.method === method) return hit;
      allow.push(route.method);
    }
    return allow.length > 0 ? { status: 405, allow } : undefined;
  };
}

const REQUESTS: Record<string, Array<[string, string]>> = {
  'static hit': RESOURCES.map((r) => ['GET', `/api/v1/${r}`]),
  'param hit': RESOURCES.map((r, i) => ['PUT', `/api/v1/${r}/${1000 + i}`]),
  'miss (404)': RESOURCES.map((r) => ['GET', `/api/v2/${r}/x`]),
  '405': RESOURCES.map((r) => ['PATCH', `/api/v1/${r}`]),
};

function contender(name: string, make: () => Lookup, requests: Array<[string, string]>) {
  let lookup: Lookup | undefined;
  let i = 0;
  return {
    name,
    run: () => {
      lookup ??= make();
      const [method, path] = requests[i++ % requests.length]!;
      return lookup(method, path);
    },
  };
}

const workloads: Workload[] = Object.entries(REQUESTS).map(([name, requests]) => ({
  name,
  contenders: [
    contender('participant', () => ours(Participant), requests),
    ...(Reference === undefined ? [] : [contender('reference', () => ours(Reference), requests)]),
    contender('linear path-to-regexp', linear, requests),
    contender('find-my-way', findMyWay, requests),
  ],
}));

const rows = await compare('router: lookups/s on a 100-route REST table', workloads, {
  timeMs: 700,
});

console.log('\nreference vs the others (goal: ≥ 1.0× find-my-way, ≥ 10× linear)');
for (const workload of Object.keys(REQUESTS)) {
  const hz = (c: string) => rows.find((r) => r.workload === workload && r.contender === c)?.hz;
  const ref = hz('reference');
  const fmw = hz('find-my-way');
  const lin = hz('linear path-to-regexp');
  if (ref === undefined || fmw === undefined || lin === undefined) continue;
  console.log(
    `  ${workload.padEnd(12)} ÷ find-my-way ${(ref / fmw).toFixed(2)}×   ÷ linear ${(ref / lin).toFixed(1)}×`,
  );
}
