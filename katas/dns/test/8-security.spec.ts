import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decode, query, Resolver } from '../src/index.ts';
import { type Answer, openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { expectDnsError, header, hex, wireName } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const BANK: Answer[] = [
  { name: 'www.bank.test', type: 'A', ttl: 300, data: '192.0.2.80' },
  { name: 'x1.bank.test', type: 'A', ttl: 300, data: '192.0.2.81' },
  { name: 'evil.test', type: 'MX', ttl: 300, data: { preference: 1, exchange: 'mx.evil.test' } },
];
const server = (port: number) => ({ address: '127.0.0.1', port });
const EVIL = '203.0.113.66';
const addr = (r: { answers: { type: string; data?: unknown }[] }) => r.answers.map((a) => a.data);

describe('8. Security', () => {
  describe('Kaminsky cache poisoning (CVE-2008-1447)', () => {
    it('draws ids that do not repeat or count up across 24 queries', async () => {
      const s = await start(zone(BANK));
      for (let i = 0; i < 24; i++)
        await query('www.bank.test', 'A', { server: server(s.port), timeout: 300 });
      const ids = s.queries.map((q) => q.id);
      expect(
        new Set(ids).size,
        hint(8, '16 random bits per query: crypto.randomInt, not a counter'),
      ).toBeGreaterThanOrEqual(22);
      const gaps = ids.slice(1).map((id, i) => (id - (ids[i] as number) + 65536) % 65536);
      expect(
        new Set(gaps).size,
        hint(8, 'constant steps are as guessable as a counter'),
      ).toBeGreaterThan(10);
    });

    it('survives a flood of forged replies with guessed ids before the real one', async () => {
      const s = await start((q, seen, n) => [
        ...Array.from({ length: 40 }, (_, i) => ({
          bytes: reply(
            { ...q, id: ((q.id ?? 0) + 1 + i) % 65536 },
            { answers: [{ name: 'www.bank.test', type: 'A', ttl: 86400, data: EVIL }] },
          ),
        })),
        ...zone(BANK)(q, seen, n).map((o) => ({ ...o, delayMs: 30 })),
      ]);
      const r = await new Resolver({ server: server(s.port), timeout: 500 }).resolve(
        'www.bank.test',
      );
      expect(addr(r), hint(8, 'only the id you sent, nothing else, nothing close')).toEqual([
        '192.0.2.80',
      ]);
    });

    it('does not cache an answer smuggled in for another name (the race for x1 that poisons www)', async () => {
      // Kaminsky asks for random names; the forged answer carries records for the target name.
      const s = await start((q) => [
        {
          bytes: reply(q, {
            answers: [
              { name: 'x1.bank.test', type: 'A', ttl: 300, data: '192.0.2.81' },
              { name: 'www.bank.test', type: 'A', ttl: 86400, data: EVIL },
            ],
          }),
        },
      ]);
      const resolver = new Resolver({ server: server(s.port), timeout: 300 });
      await resolver.resolve('x1.bank.test');
      s.queries.length = 0;
      const www = await resolver.resolve('www.bank.test').catch(() => undefined);
      expect(s.queries.length, hint(8, 'cache only the answer to the question asked')).toBe(1);
      expect(www?.fromCache).toBe(false);
    });

    it('compares the question itself, not something like it (DNSpooq CVE-2020-25685)', async () => {
      // dnsmasq checked a CRC32 of the question name: collisions let other names through.
      const s = await start((q, seen, n) => [
        {
          bytes: reply(
            { ...q, questions: [{ name: 'www.bank.tesu', type: 'A', class: 'IN' }] },
            { answers: [{ name: 'www.bank.tesu', type: 'A', data: EVIL }] },
          ),
        },
        ...zone(BANK)(q, seen, n).map((o) => ({ ...o, delayMs: 30 })),
      ]);
      const m = await query('www.bank.test', 'A', { server: server(s.port), timeout: 300 });
      expect(
        m.answers.map((a) => a.type === 'A' && a.data),
        hint(8, 'the same name, octet for octet, case aside'),
      ).toEqual(['192.0.2.80']);
    });
  });

  describe('bailiwick: what a reply may add besides its answer', () => {
    it('drops additional records the answers do not name (RFC 2181 §5.4.1)', async () => {
      const s = await start((q) => [
        {
          bytes: reply(q, {
            answers: [BANK[2] as Answer],
            additionals: [
              { name: 'mx.evil.test', type: 'A', ttl: 300, data: '203.0.113.25' },
              { name: 'www.bank.test', type: 'A', ttl: 86400, data: EVIL },
            ],
          }),
        },
      ]);
      const r = await new Resolver({ server: server(s.port), timeout: 300 }).resolve(
        'evil.test',
        'MX',
      );
      expect(
        addr({ answers: r.additionals }),
        hint(8, 'keep only addresses of the names the answers point at'),
      ).toEqual(['203.0.113.25']);
    });

    it('never answers from an additional record', async () => {
      const s = await start((q, seen, n) => {
        if (q.questions?.[0]?.type === 'MX') {
          return [
            {
              bytes: reply(q, {
                answers: [BANK[2] as Answer],
                additionals: [{ name: 'www.bank.test', type: 'A', ttl: 86400, data: EVIL }],
              }),
            },
          ];
        }
        return zone(BANK)(q, seen, n);
      });
      const resolver = new Resolver({ server: server(s.port), timeout: 300 });
      await resolver.resolve('evil.test', 'MX');
      const www = await resolver.resolve('www.bank.test');
      expect(
        addr(www),
        hint(8, 'additional data is the least trusted: never cache it as an answer'),
      ).toEqual(['192.0.2.80']);
    });

    it('does not take a CNAME for another name as part of the chain', async () => {
      const s = await start((q) => [
        {
          bytes: reply(q, {
            answers: [
              { name: 'www.bank.test', type: 'CNAME', ttl: 300, data: 'evil.test' },
              { name: 'evil.test', type: 'A', ttl: 300, data: EVIL },
              { name: 'shop.test', type: 'A', ttl: 300, data: '192.0.2.1' },
            ],
          }),
        },
      ]);
      const r = await new Resolver({ server: server(s.port), timeout: 300 }).resolve('shop.test');
      expect(addr(r), hint(8, 'a chain starts at the name asked')).toEqual(['192.0.2.1']);
    });
  });

  describe('compression pointers and lengths (RFC 9267, NAME:WRECK, Ripple20, DNSpooq)', () => {
    const answerWithName = (name: string) =>
      `${header(1, 0x8000, 0, 1)} ${name} 00 01 00 01 00 00 00 3c 00 04 c0 00 02 01`;

    it('refuses a pointer beyond the message (NAME:WRECK, CVE-2020-27009)', () => {
      expectDnsError(
        () => decode(hex(answerWithName('c0 ff'))),
        'ERR_DNS_BAD_POINTER',
        hint(8, 'Nucleus NET followed pointers it never bounded'),
      );
    });

    it('refuses a pointer to itself (RFC 9267 §2: compression loops)', () => {
      expectDnsError(
        () => decode(hex(answerWithName('c0 0c'))),
        'ERR_DNS_BAD_POINTER',
        hint(8, 'a loop never ends'),
      );
    });

    it('refuses a pointer into its own labels (a loop through the middle)', () => {
      expectDnsError(
        () => decode(hex(answerWithName('01 61 c0 0c'))),
        'ERR_DNS_BAD_POINTER',
        hint(8, 'the target must be before where this run of labels began'),
      );
    });

    it('refuses a label that claims more octets than remain (Ripple20 Treck, CVE-2020-11901)', () => {
      expectDnsError(
        () => decode(hex(`${header(1, 0x8000, 1, 0)} 3f 61 62 63`)),
        'ERR_DNS_UNEXPECTED_END',
        hint(8, 'a length octet is a claim; check it'),
      );
    });

    it('refuses a name that grows past 255 octets through pointers (RFC 1035 §3.1)', () => {
      // Five questions, each a 63-octet label and a pointer to the question before:
      // the fourth name is already 4 × 64 + 1 = 257 octets. A C decoder copies the name into a
      // buffer sized for 255, so the limit counts the whole name, across every pointer. (No CVE
      // here: dnsmasq's CVE-2017-14491, once cited, was an overflow in building its own replies.)
      let body = '';
      let prev = -1;
      let at = 12;
      for (let i = 0; i < 5; i++) {
        const tail = prev < 0 ? '00' : `c0 ${prev.toString(16).padStart(2, '0')}`;
        body += ` 3f ${'61 '.repeat(63)} ${tail} 00 01 00 01`;
        prev = at;
        at += 64 + (tail === '00' ? 1 : 2) + 4;
      }
      expectDnsError(
        () => decode(hex(`${header(1, 0x8000, 5, 0)}${body}`)),
        'ERR_DNS_NAME_TOO_LONG',
        hint(8, 'count the octets of the whole name across pointers'),
      );
    });

    it('refuses RDLENGTH that runs past the message (RFC 9267 §2.5)', () => {
      expectDnsError(
        () =>
          decode(
            hex(
              `${header(1, 0x8000, 0, 1)} ${wireName('a')} 00 01 00 01 00 00 00 3c ff ff c0 00 02 01`,
            ),
          ),
        'ERR_DNS_UNEXPECTED_END',
        hint(8, 'RDLENGTH is a claim too'),
      );
    });

    it('refuses counts the message does not hold, without reading past the end (RFC 9267 §2.6)', () => {
      expectDnsError(
        () =>
          decode(
            hex(
              `${header(1, 0x8000, 0, 0xffff)} ${wireName('a')} 00 01 00 01 00 00 00 3c 00 04 c0 00 02 01`,
            ),
          ),
        'ERR_DNS_UNEXPECTED_END',
        hint(8, 'ANCOUNT 65535 with one record: stop at the end of the octets'),
      );
    });

    it('keeps a dot inside a label apart from a label boundary', () => {
      // One label "www.bank.test" (13 octets) + "evil": not www.bank.test.evil's labels.
      const bytes = hex(
        `${header(1, 0x8000, 1, 0)} 0d ${Buffer.from('www.bank.test').toString('hex')} 04 65 76 69 6c 00 00 01 00 01`,
      );
      expect(
        decode(bytes).questions[0]?.name,
        hint(8, 'escape the dot: "www\\.bank\\.test.evil"'),
      ).toBe('www\\.bank\\.test.evil');
    });
  });
});
