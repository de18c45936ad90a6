import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Resolver } from '../src/index.ts';
import { type Answer, openHandles, reply, useDnsServers, ZONE_SOA, zone } from './dns-server.ts';
import { expectDnsReject } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const resolverFor = (port: number, more = {}) =>
  new Resolver({ server: { address: '127.0.0.1', port }, timeout: 300, retries: 1, ...more });
const data = (records: { type: string; data?: unknown }[]) => records.map((r) => r.data);
const A = (name: string, address: string): Answer => ({ name, type: 'A', ttl: 300, data: address });

describe('5. Resolve', () => {
  describe('negative answers', () => {
    it.each([
      ['NXDOMAIN', 'nope.test', 3],
      ['NODATA', 'www.test', 0],
    ] as const)(
      'reports %s with no answers, no additionals, not from the cache',
      async (status, name, rcode) => {
        const server = await start((q) => [
          {
            bytes: reply(q, {
              rcode,
              authorities: [ZONE_SOA(300, 60)],
              additionals: [A('mx.test', '192.0.2.25')],
            }),
          },
        ]);
        const r = await resolverFor(server.port).resolve(name, 'MX');
        expect(
          {
            status: r.status,
            answers: r.answers,
            additionals: r.additionals,
            fromCache: r.fromCache,
          },
          hint(5, 'a negative answer has nothing to add, whatever the additional section holds'),
        ).toEqual({ status, answers: [], additionals: [], fromCache: false });
      },
    );
  });

  describe('the records of the current name', () => {
    it('answers ANY with every record the name owns, of whatever type', async () => {
      const server = await start((q) => [
        {
          bytes: reply(q, {
            answers: [
              A('www.test', '192.0.2.10'),
              { name: 'www.test', type: 'TXT', ttl: 300, data: ['hello'] },
              { name: 'www.test', type: 'AAAA', ttl: 300, data: '2001:db8::10' },
              A('other.test', '192.0.2.99'),
            ],
          }),
        },
      ]);
      const r = await resolverFor(server.port).resolve('www.test', 'ANY');
      expect(server.queries[0]?.type).toBe('ANY');
      expect(
        [r.status, r.answers.map((a) => a.type)],
        hint(5, 'ANY matches every type (RFC 1035 §3.2.3), still only for the name asked'),
      ).toEqual(['NOERROR', ['A', 'TXT', 'AAAA']]);
    });

    it('finds the CNAME of a name among its other records (an RRSIG before it)', async () => {
      const server = await start((q) => [
        {
          bytes: reply(q, {
            answers: [
              {
                name: 'alias.test',
                type: 'RRSIG',
                ttl: 300,
                data: {
                  typeCovered: 'CNAME',
                  algorithm: 13,
                  labels: 2,
                  originalTTL: 300,
                  expiration: 2000000000,
                  inception: 1700000000,
                  keyTag: 4242,
                  signersName: 'test',
                  signature: Buffer.from('not really a signature'),
                },
              },
              { name: 'alias.test', type: 'CNAME', ttl: 300, data: 'www.test' },
              A('www.test', '192.0.2.10'),
            ],
          }),
        },
      ]);
      const r = await resolverFor(server.port).resolve('alias.test');
      expect(
        [r.status, r.cnames, data(r.answers)],
        hint(5, 'look for a CNAME among all the records the name owns, not only the first'),
      ).toEqual(['NOERROR', ['www.test'], ['192.0.2.10']]);
    });
  });

  describe('CNAME loops', () => {
    it('stops when the chain comes back to the name asked, without asking it again', async () => {
      const server = await start(
        zone(
          [
            { name: 'ping.test', type: 'CNAME', ttl: 60, data: 'pong.test' },
            { name: 'pong.test', type: 'CNAME', ttl: 60, data: 'Ping.test' },
          ],
          { chase: false },
        ),
      );
      await expectDnsReject(
        resolverFor(server.port, { maxCnameChain: 50 }).resolve('PING.test'),
        'ERR_DNS_CNAME_CHAIN',
        hint(5, 'the name asked is the first name seen (compare without case)'),
      );
      expect(server.queries.map((q) => q.name.toLowerCase())).toEqual(['ping.test', 'pong.test']);
    });

    it('stops at the first name seen twice further down the chain', async () => {
      const server = await start(
        zone(
          [
            { name: 'start.test', type: 'CNAME', ttl: 60, data: 'a.test' },
            { name: 'a.test', type: 'CNAME', ttl: 60, data: 'b.test' },
            { name: 'b.test', type: 'CNAME', ttl: 60, data: 'A.TEST' },
          ],
          { chase: false },
        ),
      );
      await expectDnsReject(
        resolverFor(server.port, { maxCnameChain: 50 }).resolve('start.test'),
        'ERR_DNS_CNAME_CHAIN',
        hint(5, 'remember every target (lowercased) and stop at the first repeat'),
      );
      expect(server.queries.map((q) => q.name.toLowerCase())).toEqual([
        'start.test',
        'a.test',
        'b.test',
      ]);
    });
  });

  describe('additional records', () => {
    it('keeps the addresses of every MX exchange, not only of the first', async () => {
      const server = await start((q) => [
        {
          bytes: reply(q, {
            answers: [
              {
                name: 'test',
                type: 'MX',
                ttl: 300,
                data: { preference: 10, exchange: 'mx1.test' },
              },
              {
                name: 'test',
                type: 'MX',
                ttl: 300,
                data: { preference: 20, exchange: 'mx2.test' },
              },
            ],
            additionals: [
              A('mx1.test', '192.0.2.1'),
              A('elsewhere.test', '192.0.2.99'),
              A('mx2.test', '192.0.2.2'),
              { name: 'MX2.test', type: 'AAAA', ttl: 300, data: '2001:db8::2' },
            ],
          }),
        },
      ]);
      const r = await resolverFor(server.port).resolve('test', 'MX');
      expect(
        data(r.additionals),
        hint(5, 'an additional counts when any answer names its owner'),
      ).toEqual(['192.0.2.1', '192.0.2.2', '2001:db8::2']);
    });

    it.each([
      [
        'a PTR (RFC 1035 §3.3.12)',
        'PTR' as const,
        '10.2.0.192.in-addr.arpa',
        { name: '10.2.0.192.in-addr.arpa', type: 'PTR', ttl: 300, data: 'host.test' } as Answer,
      ],
      [
        'a CNAME asked for (RFC 1035 §3.3.1)',
        'CNAME' as const,
        'alias.test',
        { name: 'alias.test', type: 'CNAME', ttl: 300, data: 'host.test' } as Answer,
      ],
    ])('keeps no additional records for %s', async (_what, type, name, answer) => {
      const server = await start((q) => [
        {
          bytes: reply(q, {
            answers: [answer],
            additionals: [
              A('host.test', '192.0.2.7'),
              { name: 'host.test', type: 'AAAA', ttl: 300, data: '2001:db8::7' },
            ],
          }),
        },
      ]);
      const r = await resolverFor(server.port).resolve(name, type);
      expect(data(r.answers)).toEqual(['host.test']);
      expect(
        data(r.additionals),
        hint(5, 'only MX exchanges, SRV targets and NS hosts cause additional processing'),
      ).toEqual([]);
    });
  });
});
