/**
 * The behaviour every serving model shares (README, "The protocol"), registered once per model by
 * the stage that builds it: the same requests, the same replies, whatever serves them.
 */
import { createHash } from 'node:crypto';
import { hint } from '@hbu/kata-kit/expect-code';
import { expect, it } from 'vitest';
import type { Model } from '../src/index.ts';
import { ask, LineClient, LONG_HASH } from './support.ts';

const sha = (bytes: Buffer | string): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Registers the shared cases. `port()` gives the port of a service of `model` (started by the
 * caller, per test or once per file); `stage` is the stage whose HINTS section helps.
 */
export function conformance(model: Model, stage: number, port: () => number): void {
  it(`${model}: answers PING, ECHO and SLEEP`, async () => {
    expect(
      await ask(port(), 'PING', 'ECHO héllo wörld', 'SLEEP 5'),
      hint(stage, 'one reply line per request line'),
    ).toEqual(['OK PONG', 'OK héllo wörld', 'OK 5']);
  });
  it(`${model}: answers HASH with the digest`, async () => {
    const expected = sha(sha(sha('abc'))).toString('hex');
    expect(
      await ask(port(), 'HASH 3 abc'),
      hint(stage, 'the same handler, wherever it runs'),
    ).toEqual([`OK ${expected}`]);
  });
  it(`${model}: answers READ from the root`, async () => {
    expect(
      await ask(port(), 'READ hello.txt', 'READ missing.txt'),
      hint(stage, 'pass root on to the handler'),
    ).toEqual([`OK 6 ${sha('hello\n').toString('hex')}`, 'ERR ERR_NOT_FOUND']);
  });
  it(`${model}: answers a refused request with ERR and keeps the connection`, async () => {
    expect(
      await ask(port(), 'NOPE', 'HASH x y', 'PING'),
      hint(stage, 'a refusal is a reply, not a close'),
    ).toEqual(['ERR ERR_UNKNOWN_COMMAND', 'ERR ERR_BAD_ARGUMENT', 'OK PONG']);
  });
  it(`${model}: answers pipelined requests in order`, async () => {
    const lines = ['SLEEP 30', 'ECHO 1', 'HASH 1 abc', 'SLEEP 0', 'ECHO 2'];
    const replies = await ask(port(), ...lines);
    expect(replies[0], hint(stage, 'one request at a time per connection, replies in order')).toBe(
      'OK 30',
    );
    expect(replies.slice(1)).toEqual([
      'OK 1',
      'OK ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'OK 0',
      'OK 2',
    ]);
  });
  it(`${model}: reads a request split across writes, with CRLF or LF`, async () => {
    const client = await LineClient.open(port());
    for (const piece of ['EC', 'HO', ' a', 'b\r', '\nPI', 'NG\n', 'ECHO é'.slice(0, 6)]) {
      await client.socket.write(Buffer.from(piece, 'utf8'));
      await new Promise((r) => setTimeout(r, 5));
    }
    await client.socket.write(Buffer.from('\n', 'utf8'));
    expect(
      await client.replies(3),
      hint(stage, 'a LineReader per connection; push every chunk'),
    ).toEqual(['OK ab', 'OK PONG', 'OK é']);
  });
  it(`${model}: answers a UTF-8 character split between two packets`, async () => {
    const client = await LineClient.open(port());
    const bytes = Buffer.from('ECHO ☃\n', 'utf8');
    await client.socket.write(bytes.subarray(0, 6));
    await new Promise((r) => setTimeout(r, 10));
    await client.socket.write(bytes.subarray(6));
    expect(await client.reply(), hint(stage, 'decode whole lines, never chunks')).toBe('OK ☃');
  });
  it(`${model}: gives each of several clients its own answers`, async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => LineClient.open(port())));
    await Promise.all(clients.map((c, i) => c.send(`SLEEP ${10 * (4 - i)}`, `ECHO client ${i}`)));
    const replies: string[][] = [];
    // One after the other, each closed once answered: the blocking server serves the next then.
    for (const client of clients) {
      replies.push(await client.replies(2));
      client.close();
    }
    expect(replies, hint(stage, 'state per connection, not per server')).toEqual(
      [0, 1, 2, 3].map((i) => [`OK ${10 * (4 - i)}`, `OK client ${i}`]),
    );
  });
  if (model !== 'blocking') {
    it(`${model}: a long HASH does not hold up another client's SLEEP`, async () => {
      const slow = await LineClient.open(port());
      const quick = await LineClient.open(port());
      const order: string[] = [];
      await slow.send(LONG_HASH);
      const a = slow.reply(60_000).then((r) => order.push(`hash ${r.slice(0, 2)}`));
      await quick.send('SLEEP 0');
      const b = quick.reply(60_000).then((r) => order.push(`sleep ${r}`));
      await Promise.all([a, b]);
      expect(
        order,
        hint(stage, 'a HASH must not hold the event loop: slice it or move it off the loop'),
      ).toEqual(['sleep OK 0', 'hash OK']);
    });
  }
}
