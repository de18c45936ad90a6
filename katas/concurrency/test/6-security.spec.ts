import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ask, LineClient, LONG_HASH, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('6. Security', () => {
  describe('a line without end (CVE-2018-12121: Node.js held 80 KB of unfinished headers per connection)', () => {
    for (const model of ['async', 'threads'] as const) {
      it(`${model}: a line past maxLineBytes is answered ERR_LINE_TOO_LONG and the connection closed`, async () => {
        const service = await start(model, { maxLineBytes: 64 });
        const client = await LineClient.open(service.port);
        await client.socket.write(`ECHO ${'x'.repeat(100)}`);
        expect(
          await client.untilClose(),
          hint(6, 'LineReader throws LineTooLongError: answer it and end'),
        ).toBe('ERR ERR_LINE_TOO_LONG\n');
        expect(await ask(service.port, 'PING'), hint(6, 'only that connection is closed')).toEqual([
          'OK PONG',
        ]);
      });
    }
    it('a line of exactly maxLineBytes is served', async () => {
      const service = await start('async', { maxLineBytes: 64 });
      const line = `ECHO ${'y'.repeat(59)}`;
      expect(
        await ask(service.port, line),
        hint(6, 'the bound counts the line without its end'),
      ).toEqual([`OK ${'y'.repeat(59)}`]);
    });
    it('1 MiB without a newline is not buffered: the connection is closed', async () => {
      const service = await start('async');
      const client = await LineClient.open(service.port);
      void client.socket.write(Buffer.alloc(1 << 20, 0x41));
      const rest = await client.untilClose(30_000);
      expect(
        ['', 'ERR ERR_LINE_TOO_LONG\n'],
        hint(6, 'stop at maxLineBytes (default 1024)'),
      ).toContain(rest);
      expect(await ask(service.port, 'PING')).toEqual(['OK PONG']);
    });
  });

  describe('slow clients (CVE-2018-12122 and CVE-2019-5737: Node.js slowloris)', () => {
    it('an idle connection is answered ERR_TIMEOUT and closed after idleTimeoutMs', async () => {
      const service = await start('async', { idleTimeoutMs: 200 });
      const client = await LineClient.open(service.port);
      expect(await client.untilClose(10_000), hint(6, 'a timer while waiting for a request')).toBe(
        'ERR ERR_TIMEOUT\n',
      );
    });
    it('a client trickling one byte at a time is still cut off: bytes do not restart the clock', async () => {
      const service = await start('async', { idleTimeoutMs: 300 });
      const client = await LineClient.open(service.port);
      const slow = `ECHO ${'z'.repeat(80)}`;
      for (const ch of slow) {
        if (client.socket.ended) break;
        await client.socket.write(ch);
        await new Promise((r) => setTimeout(r, 40));
      }
      expect(
        client.socket.ended,
        hint(6, 'clear the timer on a complete line only, never on data'),
      ).toBe(true);
      expect(await client.untilClose(), hint(6, 'ERR_TIMEOUT, then close')).toBe(
        'ERR ERR_TIMEOUT\n',
      );
    });
    it('a client that keeps sending requests is not cut off', async () => {
      const service = await start('async', { idleTimeoutMs: 1_000 });
      const client = await LineClient.open(service.port);
      const replies: string[] = [];
      for (let i = 0; i < 8; i++) {
        await client.send(`ECHO ${i}`);
        replies.push(await client.reply());
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(replies, hint(6, 'restart the clock when a reply has been sent')).toEqual(
        [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `OK ${i}`),
      );
    });
    it('the clock does not run while a request is being executed', async () => {
      const service = await start('async', { idleTimeoutMs: 200 });
      expect(
        await ask(service.port, 'SLEEP 600', 'PING'),
        hint(6, 'stop the timer while the server works'),
      ).toEqual(['OK 600', 'OK PONG']);
    });
  });

  describe('READ stays in its root (CVE-2017-14849: Node.js path traversal)', () => {
    it.each(['../outside.txt', '/etc/passwd', '..', '.hidden', 'sub/inner.txt', 'a\\b', '%2e%2e'])(
      'READ %s is ERR_FORBIDDEN',
      async (name) => {
        const service = await start('async');
        expect(await ask(service.port, `READ ${name}`), hint(6, 'a name, never a path')).toEqual([
          'ERR ERR_FORBIDDEN',
        ]);
      },
    );
    it('a symbolic link out of the root is ERR_FORBIDDEN; one inside it is served', async () => {
      // The links are made here, not committed: a copy of the tree (a zip, Stryker's sandbox,
      // a Windows checkout) turns a committed link into a plain file.
      const base = mkdtempSync(join(tmpdir(), 'hbu-concurrency-links-'));
      onTestFinished(() => rmSync(base, { recursive: true, force: true }));
      const root = join(base, 'files');
      mkdirSync(root);
      writeFileSync(join(base, 'outside.txt'), 'not for you\n');
      writeFileSync(join(root, 'hello.txt'), 'hello\n');
      symlinkSync('../outside.txt', join(root, 'escape.txt'));
      symlinkSync('hello.txt', join(root, 'alias.txt'));
      const service = await start('async', { root });
      const [outside, alias] = await ask(service.port, 'READ escape.txt', 'READ alias.txt');
      expect(outside, hint(6, 'realpath, then check it is under realpath(root)')).toBe(
        'ERR ERR_FORBIDDEN',
      );
      expect(alias?.startsWith('OK 6 '), hint(6, 'a link that stays inside is fine')).toBe(true);
    });
  });

  describe('CPU and memory are bounded', () => {
    it('a HASH past maxRounds and a SLEEP past maxSleepMs are refused before any work', async () => {
      const service = await start('async', { maxRounds: 1_000, maxSleepMs: 100 });
      expect(
        await ask(service.port, 'HASH 1001 x', 'SLEEP 101', 'HASH 1000 x'),
        hint(6, 'pass the limits to parseCommand'),
      ).toEqual([
        'ERR ERR_TOO_LARGE',
        'ERR ERR_TOO_LARGE',
        expect.stringMatching(/^OK [0-9a-f]{64}$/),
      ]);
    });
    it('one expensive request does not stall the loop (the ReDoS lesson, CVE-2015-8315 in ms)', async () => {
      const service = await start('async', { sliceRounds: 500 });
      const hog = await LineClient.open(service.port);
      await hog.send(LONG_HASH);
      let hogDone = false;
      const h = hog.reply(60_000).then(() => {
        hogDone = true;
      });
      expect(await ask(service.port, 'PING'), hint(6, 'slice CPU work on a shared loop')).toEqual([
        'OK PONG',
      ]);
      expect(hogDone).toBe(false);
      await h;
    });
    it('threads: a flood of HASH is refused past the queue bound while PING is still answered', async () => {
      const service = await start('threads', { poolSize: 1, queueLimit: 2 });
      const clients = await Promise.all(
        Array.from({ length: 10 }, () => LineClient.open(service.port)),
      );
      await Promise.all(clients.map((c) => c.send(LONG_HASH)));
      await new Promise((r) => setTimeout(r, 20));
      expect(
        await ask(service.port, 'PING'),
        hint(6, 'the loop stays free: CPU work is on the pool'),
      ).toEqual(['OK PONG']);
      const replies = await Promise.all(clients.map((c) => c.reply(120_000)));
      const busy = replies.filter((r) => r === 'ERR ERR_BUSY').length;
      const done = replies.filter((r) => r.startsWith('OK ')).length;
      expect(busy, hint(6, 'a bounded queue answers BUSY instead of growing')).toBeGreaterThan(0);
      expect(busy + done).toBe(10);
    }, 120_000);
  });
});
