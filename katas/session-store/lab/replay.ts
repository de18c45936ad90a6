/**
 * Lab: log in, steal the cookie, watch regeneration stop the replay.
 *
 *   npm run lab                      # against your src/
 *   KATA_IMPL=reference npm run lab  # against the reference
 *
 * A tiny app on 127.0.0.1 (random port) with four routes, driven twice by a victim and an
 * attacker: once with a login that keeps the session id, once with a login that regenerates it.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Kata from '../src/index.ts';

const path =
  process.env.KATA_IMPL === 'reference'
    ? new URL('../../../reference/session-store/src/index.ts', import.meta.url)
    : new URL('../src/index.ts', import.meta.url);
if (!existsSync(path)) {
  // The workshop repository has no reference/: the instructor publishes it after the workshop.
  console.error('KATA_IMPL=reference: no reference solution in this repository');
  process.exit(2);
}
const { MemoryStore, SessionManager } = (await import(path.href)) as typeof Kata;

function app(regenerateOnLogin: boolean) {
  const sessions = new SessionManager({
    store: new MemoryStore(),
    secrets: ['lab secret: change me, keep me out of git, 32+ chars'],
    // Plain http on loopback: Secure cookies would never come back. Never do this in production.
    cookie: { secure: false },
  });
  return async (req: IncomingMessage, res: ServerResponse) => {
    let session = await sessions.load(req.headers.cookie);
    let body: string;
    if (req.url === '/login' && req.method === 'POST') {
      // A real app checks the password first. Privilege changes here: this is where ids must change.
      if (regenerateOnLogin) session = await sessions.regenerate(session);
      session.data.user = 'alice';
      body = 'welcome, alice';
    } else if (req.url === '/logout' && req.method === 'POST') {
      await sessions.destroy(session);
      body = 'bye';
    } else if (req.url === '/me') {
      body = typeof session.data.user === 'string' ? session.data.user : 'anonymous';
    } else {
      session.data.visits = Number(session.data.visits ?? 0) + 1;
      body = 'hello, visitor';
    }
    const setCookie = await sessions.commit(session);
    if (setCookie !== undefined) res.setHeader('Set-Cookie', setCookie);
    res.end(body);
  };
}

/** One request; returns the body and the cookie pair a browser would keep (or the old one). */
async function visit(base: string, method: string, url: string, cookie?: string) {
  const response = await fetch(base + url, { method, headers: cookie ? { cookie } : {} });
  const set = response.headers.get('set-cookie');
  const kept = set === null ? cookie : set.split(';')[0];
  return { body: await response.text(), cookie: kept };
}

async function scenario(regenerateOnLogin: boolean): Promise<void> {
  const handler = app(regenerateOnLogin);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    console.log(`\n── login ${regenerateOnLogin ? 'WITH' : 'WITHOUT'} regeneration ──`);
    const before = await visit(base, 'GET', '/');
    console.log(`victim browses anonymously, gets      ${before.cookie}`);
    const stolen = before.cookie; // sniffed, read by a script, or planted by the attacker (fixation)
    console.log('attacker steals (or planted) that cookie');
    const login = await visit(base, 'POST', '/login', before.cookie);
    console.log(`victim logs in, now holds             ${login.cookie}`);
    const replay = await visit(base, 'GET', '/me', stolen);
    console.log(`attacker replays the old cookie → /me  ${replay.body}`);
    const after = await visit(base, 'GET', '/me', login.cookie);
    console.log(`victim → /me                           ${after.body}`);
    await visit(base, 'POST', '/logout', login.cookie);
    const late = await visit(base, 'GET', '/me', login.cookie);
    console.log(`after logout, the login cookie → /me   ${late.body}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

await scenario(false);
await scenario(true);
