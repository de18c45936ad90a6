/**
 * The query itself, octet by octet: a standard query has only RD among its flags (QR, AA, TC,
 * RA, Z, AD and CD are clear, opcode and RCODE 0), one question, and no records but the OPT
 * record when a payload size is given. And a reply with no question answers nothing.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type QueryOptions, query } from '../src/index.ts';
import { openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { hex, toHex, wireName } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const ZONE = zone([{ name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' }]);
const opts = (port: number, more: Partial<QueryOptions> = {}): QueryOptions => ({
  server: { address: '127.0.0.1', port },
  timeout: 300,
  retries: 1,
  ...more,
});
const QUERY = hint(4, 'a query: QR clear, only RD among the flags, QDCOUNT 1, the question');

/** The octets after the id of the first query the server saw. */
const afterId = (queries: { bytes: Buffer }[]): string =>
  toHex((queries[0]?.bytes ?? Buffer.alloc(0)).subarray(2));

describe('4. Ask a server', () => {
  describe('the query on the wire', () => {
    it('sets RD and no other flag, and sends one question of class IN', async () => {
      const server = await start(ZONE);
      await query('www.test', 'A', opts(server.port));
      expect(afterId(server.queries), QUERY).toBe(
        toHex(hex(`01 00 00 01 00 00 00 00 00 00 ${wireName('www.test')} 00 01 00 01`)),
      );
    });

    it('sends flags 0 when recursionDesired is false', async () => {
      const server = await start(ZONE);
      await query('www.test', 'A', opts(server.port, { recursionDesired: false }));
      expect(afterId(server.queries), QUERY).toBe(
        toHex(hex(`00 00 00 01 00 00 00 00 00 00 ${wireName('www.test')} 00 01 00 01`)),
      );
    });

    it('adds only the OPT record for udpPayloadSize: version 0, no flags, no options', async () => {
      const server = await start(ZONE);
      await query('www.test', 'A', opts(server.port, { udpPayloadSize: 1232 }));
      expect(afterId(server.queries), hint(4, 'ARCOUNT 1: OPT, owner root, CLASS = size')).toBe(
        toHex(
          hex(
            `01 00 00 01 00 00 00 00 00 01 ${wireName('www.test')} 00 01 00 01 00 00 29 04 d0 00 00 00 00 00 00`,
          ),
        ),
      );
    });

    it('sends the name in its one text form: a final dot and escapes are not labels', async () => {
      const server = await start(ZONE);
      await query('ww\\119.test.', 'A', opts(server.port));
      expect(afterId(server.queries), QUERY).toBe(
        toHex(hex(`01 00 00 01 00 00 00 00 00 00 ${wireName('www.test')} 00 01 00 01`)),
      );
    });
  });

  it('ignores a reply without a question and waits for the one that answers', async () => {
    const server = await start((q, seen, n) => [
      {
        bytes: reply(
          { ...q, questions: [] },
          { answers: [{ name: 'www.test', type: 'A', data: '6.6.6.6' }] },
        ),
      },
      ...ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
    ]);
    const m = await query('www.test', 'A', opts(server.port));
    expect(
      m.answers[0]?.type === 'A' && m.answers[0].data,
      hint(4, 'a reply answers only if it has exactly your question'),
    ).toBe('192.0.2.10');
  });
});
