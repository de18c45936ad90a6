import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { CgiError, runCgi } from '../src/index.ts';
import {
  cgiRequest,
  diesWithin,
  get,
  isAlive,
  script,
  specEnv,
  text,
  until,
  useCgiServer,
} from './support.ts';

const start = useCgiServer();
const tmp = mkdtempSync(join(tmpdir(), 'cgi-runner-6-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let gates = 0;
const gatePath = (): string => join(tmp, `gate-${++gates}`);

const run = (name: string, options = {}, over = {}) =>
  runCgi(script(name), cgiRequest({ scriptName: `/cgi-bin/${name}`, ...over }), {
    env: specEnv(),
    ...options,
  });

describe('6. Process control', () => {
  describe('a time limit', () => {
    it('runCgi rejects ERR_CGI_TIMEOUT for a script silent past timeoutMs', async () => {
      await expectRejectCode(
        run('slow.sh', { timeoutMs: 300 }),
        CgiError,
        'ERR_CGI_TIMEOUT',
        hint(6, 'a timer from spawn'),
      );
    });
    it('the server answers 504 Gateway Timeout', async () => {
      const server = await start({ timeoutMs: 300 });
      const res = await get(server, '/cgi-bin/slow.sh');
      expect(res.status, hint(6, 'a timeout before the head is a 504')).toBe(504);
    });
    it('kills the whole process group: a forked child dies too', async () => {
      const res = await run('fork.sh', { timeoutMs: 400 });
      const child = Number(res.head?.headers.find(([n]) => n === 'X-Child-Pid')?.[1]);
      expect(child).toBeGreaterThan(0);
      res.body.resume();
      expect(await diesWithin(child, 3_000), hint(6, 'spawn detached, then kill(-pid)')).toBe(true);
    });
    it('a timeout after the head cuts the connection: the body is visibly truncated', async () => {
      const server = await start({ timeoutMs: 400 });
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/slow-body.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      const raw = (await socket.readUntilClose(5_000)).toString('latin1');
      expect(raw).toContain('started');
      expect(raw.endsWith('0\r\n\r\n'), hint(6, 'never end a truncated chunked body cleanly')).toBe(
        false,
      );
    });
  });

  describe('the end of a script', () => {
    it('kill() kills the script', async () => {
      const res = await run('pid.sh');
      const pid = Number(res.head?.headers.find(([n]) => n === 'X-Pid')?.[1]);
      expect(isAlive(pid)).toBe(true);
      res.kill();
      res.body.resume();
      expect(await diesWithin(pid, 3_000)).toBe(true);
      expect((await res.exited).signal).toBe('SIGKILL');
    });
    it('a child forked by a script that exited does not outlive the request', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/fork-exit.sh');
      expect(text(res)).toBe('done\n');
      const child = Number(res.headers['x-child-pid']);
      expect(await diesWithin(child, 3_000), hint(6, 'kill the group when the script exits')).toBe(
        true,
      );
    });
  });

  describe('a local redirect', () => {
    it('kills the script that sent it, even if it goes on running', async () => {
      const pids: string[] = [];
      const server = await start({ onStderr: (line) => pids.push(line) });
      const res = await get(server, '/cgi-bin/redirect-hang.sh');
      expect(text(res)).toBe('a static page\n');
      expect(await until(() => pids.length > 0)).toBe(true);
      expect(
        await diesWithin(Number(pids[0]), 3_000),
        hint(6, 'the server answers the new path: the script is done'),
      ).toBe(true);
    });
  });

  describe('a client that goes away', () => {
    it('an aborted signal before the start rejects ERR_CGI_ABORTED', async () => {
      await expectRejectCode(
        run('hello.sh', { signal: AbortSignal.abort() }),
        CgiError,
        'ERR_CGI_ABORTED',
        hint(6, 'check signal.aborted first'),
      );
    });
    it('aborting the signal kills a running script', async () => {
      const controller = new AbortController();
      const res = await run('pid.sh', { signal: controller.signal });
      const pid = Number(res.head?.headers.find(([n]) => n === 'X-Pid')?.[1]);
      res.body.on('error', () => {});
      res.body.resume();
      controller.abort();
      expect(await diesWithin(pid, 3_000)).toBe(true);
    });
    it('a client that disconnects gets its script killed', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/pid.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      const head = await socket.waitFor(
        'the head',
        (buf) => /X-Pid: (\d+)/.exec(buf.toString('latin1'))?.[1],
        5_000,
      );
      socket.close();
      expect(await diesWithin(Number(head), 3_000), hint(6, "kill on the socket's 'close'")).toBe(
        true,
      );
    });
  });

  describe('stderr', () => {
    it('goes to onStderr line by line and never to the client', async () => {
      const lines: string[] = [];
      const server = await start({ onStderr: (line) => lines.push(line) });
      const res = await get(server, '/cgi-bin/stderr.sh');
      expect(text(res)).toBe('ok\n');
      await until(() => lines.length >= 3);
      expect(lines).toEqual(['first warning', 'second warning', 'late note']);
    });
    it("logs a crashing script's last words", async () => {
      const lines: string[] = [];
      const server = await start({ onStderr: (line) => lines.push(line) });
      const res = await get(server, '/cgi-bin/crash.sh');
      expect(text(res)).not.toContain('about to fail');
      await until(() => lines.includes('about to fail'));
      expect(lines).toContain('about to fail');
    });
  });

  describe('at most maxConcurrent scripts', () => {
    it('answers 503 with Retry-After beyond the limit, then recovers', async () => {
      const server = await start({ maxConcurrent: 1 });
      const busy = await connect(server.port);
      await busy.write('GET /cgi-bin/pid.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      const pid = await busy.waitFor(
        'the head',
        (buf) => /X-Pid: (\d+)/.exec(buf.toString('latin1'))?.[1],
        5_000,
      );
      const refused = await get(server, '/cgi-bin/hello.sh');
      expect(refused.status, hint(6, 'count running scripts across connections')).toBe(503);
      expect(refused.headers['retry-after'], hint(6, 'Retry-After = delay-seconds')).toMatch(
        /^\d+$/,
      );
      busy.close();
      expect(await diesWithin(Number(pid), 3_000)).toBe(true);
      // The slot frees when the script's exit is seen: poll for it rather than guess a delay.
      let status = 0;
      await until(async () => {
        status = (await get(server, '/cgi-bin/hello.sh')).status;
        return status === 200;
      }, 5_000);
      expect(status, hint(6, 'free the slot when the script exits')).toBe(200);
    });
    it('static files are not counted', async () => {
      const server = await start({ maxConcurrent: 1 });
      const busy = await connect(server.port);
      await busy.write('GET /cgi-bin/pid.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      await busy.waitFor('the head', (buf) => (buf.includes('X-Pid') ? true : undefined), 5_000);
      expect((await get(server, '/page.txt')).status).toBe(200);
      busy.close();
    });
  });

  describe('streaming', () => {
    it('runCgi: a script whose body nobody reads is held back (backpressure)', async () => {
      const lines: string[] = [];
      const res = await run('flood.sh', { onStderr: (line: string) => lines.push(line) });
      // The behaviour is about time: while the body is not read, 4 MiB cannot all be written.
      await new Promise((r) => setTimeout(r, 400));
      expect(lines, hint(6, 'pause stdout while the body is full; resume on drain')).toEqual([]);
      let size = 0;
      for await (const chunk of res.body) size += (chunk as Buffer).length;
      expect(size).toBe(4 * 1024 * 1024);
      await res.exited;
      expect(lines).toEqual(['all written']);
    });
    it('runCgi: the body delivers the first line while the script still runs', async () => {
      const gate = gatePath();
      const res = await run('stream.sh', {}, { headers: [['X-Gate', gate]] });
      const iterator = res.body[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(String(first.value), hint(6, 'write stdout chunks as they come')).toContain(
        'first line',
      );
      writeFileSync(gate, '');
      let rest = '';
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        rest += String(next.value);
      expect(rest).toContain('second line');
    });
    it('the client sees the first line before the script prints the second', async () => {
      const server = await start();
      const gate = gatePath();
      const socket = await connect(server.port);
      await socket.write(`GET /cgi-bin/stream.sh HTTP/1.1\r\nHost: x\r\nX-Gate: ${gate}\r\n\r\n`);
      await socket.waitFor(
        'the first line (the script waits for it to be seen)',
        (buf) => (buf.includes('first line') ? true : undefined),
        4_000,
      );
      expect(socket.buffered.includes('second line')).toBe(false);
      writeFileSync(gate, '');
      await socket.waitFor(
        'the second line',
        (buf) => (buf.includes('0\r\n\r\n') ? true : undefined),
        4_000,
      );
      expect(socket.buffered.toString()).toContain('second line');
      socket.close();
    });
  });
});
