import { createHash } from 'node:crypto';
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleLine, type Service, WorkerPool } from '../src/index.ts';
import { LineClient, ROOT, SERVE, useNoLeftovers, useServices } from './support.ts';

useServices();
useNoLeftovers();

/** The production peer: node:crypto's SHA-256, applied round after round. */
function peerHash(data: string, rounds: number): string {
  let digest = createHash('sha256').update(data, 'utf8').digest();
  for (let i = 1; i < rounds; i++) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex');
}

/** Text a request may carry: no line end. */
const text = fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !/[\r\n]/.test(s));

/** A request and the reply it must get. */
const request = fc.oneof(
  fc.constant<[string, string]>(['PING', 'OK PONG']),
  text.map((t): [string, string] => [`ECHO ${t}`, `OK ${t}`]),
  fc
    .tuple(fc.integer({ min: 1, max: 40 }), text)
    .map(([n, t]): [string, string] => [`HASH ${n} ${t}`, `OK ${peerHash(t, n)}`]),
  fc.integer({ min: 0, max: 4 }).map((ms): [string, string] => [`SLEEP ${ms}`, `OK ${ms}`]),
  fc.constant<[string, string]>(['NOPE', 'ERR ERR_UNKNOWN_COMMAND']),
);

describe('7. Properties', () => {
  it('HASH n data equals n rounds of node:crypto SHA-256 (differential against the peer)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 }), text, async (n, data) => {
        expect(
          await handleLine(`HASH ${n} ${data}`, { root: ROOT }),
          hint(7, 'round 1 hashes the UTF-8 text, later rounds the digest'),
        ).toBe(`OK ${peerHash(data, n)}`);
      }),
      fcParams(100),
    );
  });

  describe('over the wire', () => {
    let asyncService: Service;
    let threadService: Service;
    beforeAll(async () => {
      asyncService = await SERVE.async({ root: ROOT });
      threadService = await SERVE.threads({ root: ROOT, poolSize: 2, queueLimit: 64 });
    }, 60_000);
    afterAll(async () => {
      await asyncService?.close();
      await threadService?.close();
    }, 30_000);

    it('any split of a pipelined byte stream gets the same replies, in order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(request, { minLength: 1, maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          async (reqs, cuts) => {
            const bytes = Buffer.from(reqs.map(([line]) => `${line}\r\n`).join(''), 'utf8');
            const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
            const client = await LineClient.open(asyncService.port);
            let from = 0;
            for (const at of [...points, bytes.length]) {
              await client.socket.write(bytes.subarray(from, at));
              from = at;
              await new Promise((r) => setImmediate(r));
            }
            const replies = await client.replies(reqs.length);
            client.close();
            expect(replies, hint(7, 'one LineReader per connection, fed every chunk')).toEqual(
              reqs.map(([, reply]) => reply),
            );
          },
        ),
        fcParams(25),
      );
    }, 120_000);

    it('any interleaving of N clients gets each client its own answers, in order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(request, { minLength: 1, maxLength: 4 }), {
            minLength: 2,
            maxLength: 4,
          }),
          fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
          async (scripts, schedule) => {
            const clients = await Promise.all(
              scripts.map(() => LineClient.open(threadService.port)),
            );
            const next = scripts.map(() => 0);
            // Send one line at a time, from the client the schedule picks among those with lines left.
            for (let step = 0; ; step++) {
              const open = scripts
                .map((_s, i) => i)
                .filter((i) => (next[i] as number) < (scripts[i]?.length ?? 0));
              if (open.length === 0) break;
              const who = open[
                (schedule[step % schedule.length] as number) % open.length
              ] as number;
              const [line] = (scripts[who] as Array<[string, string]>)[next[who] as number] as [
                string,
                string,
              ];
              next[who] = (next[who] as number) + 1;
              await clients[who]?.send(line);
            }
            const got = await Promise.all(
              clients.map((c, i) => c.replies(scripts[i]?.length ?? 0)),
            );
            for (const c of clients) c.close();
            expect(got, hint(7, 'replies per connection, in the order of its requests')).toEqual(
              scripts.map((s) => s.map(([, reply]) => reply)),
            );
          },
        ),
        fcParams(15),
      );
    }, 180_000);
  });

  describe('the pool', () => {
    let pool: WorkerPool;
    beforeAll(() => {
      pool = new WorkerPool({ size: 2, queueLimit: 3, handler: { root: ROOT } });
    });
    afterAll(() => pool?.close(), 30_000);

    it('never runs more than its size, never queues past its bound, refuses exactly the excess', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 10 }), async (reqs) => {
          // Submitted in one turn of the loop: nothing can finish before the last is submitted.
          const runs = reqs.map(([line]) =>
            pool.run(line === 'NOPE' ? { op: 'PING' } : parseLine(line)).then(
              (r) => r,
              (e: { code?: string }) => `refused ${e.code}`,
            ),
          );
          const replies = await Promise.all(runs);
          const refused = replies.filter((r) => r === 'refused ERR_BUSY').length;
          expect(
            refused,
            hint(7, 'size 2 + queueLimit 3: the sixth submission onwards is ERR_BUSY'),
          ).toBe(Math.max(0, reqs.length - 5));
          replies.forEach((reply, i) => {
            if (reply === 'refused ERR_BUSY') return;
            const [line, want] = reqs[i] as [string, string];
            expect(reply).toBe(line === 'NOPE' ? 'OK PONG' : want);
          });
          const s = pool.stats();
          expect(s.maxRunning, hint(7, 'one task per worker')).toBeLessThanOrEqual(2);
          expect(s.maxQueued, hint(7, 'never past queueLimit')).toBeLessThanOrEqual(3);
          expect(s.running + s.queued).toBe(0);
        }),
        fcParams(20),
      );
    }, 120_000);
  });
});

/** The Command of a request line this file generates (PING, ECHO, HASH, SLEEP). */
function parseLine(line: string): Parameters<WorkerPool['run']>[0] {
  const [verb, ...rest] = line.split(' ');
  if (verb === 'PING') return { op: 'PING' };
  if (verb === 'ECHO') return { op: 'ECHO', text: line.slice(5) };
  if (verb === 'SLEEP') return { op: 'SLEEP', ms: Number(rest[0]) };
  const gap = line.indexOf(' ', 5);
  return { op: 'HASH', rounds: Number(line.slice(5, gap)), data: line.slice(gap + 1) };
}
