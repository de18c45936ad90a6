import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Resolver } from '../src/index.ts';
import { type Answer, openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { expectDnsReject } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const RECORDS: Answer[] = [
  { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' },
  { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.11' },
  { name: 'alias.test', type: 'CNAME', ttl: 300, data: 'middle.test' },
  { name: 'middle.test', type: 'CNAME', ttl: 300, data: 'www.test' },
  { name: 'dangling.test', type: 'CNAME', ttl: 300, data: 'gone.test' },
  { name: 'test', type: 'MX', ttl: 300, data: { preference: 10, exchange: 'mx.test' } },
  { name: 'mx.test', type: 'A', ttl: 300, data: '192.0.2.25' },
  { name: 'spf.test', type: 'TXT', ttl: 300, data: ['v=spf1', 'ip4:192.0.2.0/24 -all'] },
  {
    name: '_imap._tcp.test',
    type: 'SRV',
    ttl: 300,
    data: { priority: 0, weight: 1, port: 143, target: 'www.test' },
  },
];
const resolverFor = (port: number, more = {}) =>
  new Resolver({ server: { address: '127.0.0.1', port }, timeout: 300, retries: 1, ...more });
const data = (records: { type: string; data?: unknown }[]) => records.map((r) => r.data);

describe('5. Resolve', () => {
  it('resolves A records with status NOERROR', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('www.test');
    expect(r.status, hint(5, 'records of the type asked: NOERROR')).toBe('NOERROR');
    expect(data(r.answers)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(r).toMatchObject({ name: 'www.test', type: 'A', cnames: [], fromCache: false });
  });

  it('resolves TXT with its several strings and SRV', async () => {
    const server = await start(zone(RECORDS));
    const resolver = resolverFor(server.port);
    expect(data((await resolver.resolve('spf.test', 'TXT')).answers)).toEqual([
      ['v=spf1', 'ip4:192.0.2.0/24 -all'],
    ]);
    expect(data((await resolver.resolve('_imap._tcp.test', 'SRV')).answers)).toEqual([
      { priority: 0, weight: 1, port: 143, target: 'www.test' },
    ]);
  });

  it('follows a CNAME chain inside one reply', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('alias.test');
    expect(r.cnames, hint(5, 'follow each CNAME to its target within the answer section')).toEqual([
      'middle.test',
      'www.test',
    ]);
    expect(data(r.answers)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(server.queries).toHaveLength(1);
  });

  it('asks for the target itself when the reply stops at a CNAME', async () => {
    const server = await start(zone(RECORDS, { chase: false }));
    const r = await resolverFor(server.port).resolve('alias.test');
    expect(
      data(r.answers),
      hint(5, 'no records for the target in the reply: query the target'),
    ).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(server.queries.map((s) => s.name)).toEqual(['alias.test', 'middle.test', 'www.test']);
  });

  it('returns the CNAME itself when CNAME is the type asked', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('alias.test', 'CNAME');
    expect(
      data(r.answers),
      hint(5, 'do not follow a CNAME when the CNAME is the question'),
    ).toEqual(['middle.test']);
    expect(r.cnames).toEqual([]);
  });

  it('tells NXDOMAIN (no such name) …', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('nope.test');
    expect(r.status, hint(5, 'RCODE 3 is NXDOMAIN (RFC 2308 §2.1)')).toBe('NXDOMAIN');
    expect(r.answers).toEqual([]);
  });

  it('… from NODATA (the name exists, without that type)', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('www.test', 'MX');
    expect(r.status, hint(5, 'RCODE 0 and no records of the type: NODATA (RFC 2308 §2.2)')).toBe(
      'NODATA',
    );
  });

  it('reports NXDOMAIN at the end of a chain with the chain', async () => {
    const server = await start(zone(RECORDS));
    const r = await resolverFor(server.port).resolve('dangling.test');
    expect([r.status, r.cnames], hint(5, 'the RCODE speaks of the last name (RFC 6604)')).toEqual([
      'NXDOMAIN',
      ['gone.test'],
    ]);
  });

  it('keeps only records owned by the name it is at', async () => {
    const server = await start((q) => [
      {
        bytes: reply(q, {
          answers: [
            { name: 'www.test', type: 'A', data: '192.0.2.10' },
            { name: 'elsewhere.test', type: 'A', data: '192.0.2.99' },
          ],
        }),
      },
    ]);
    const r = await resolverFor(server.port).resolve('www.test');
    expect(data(r.answers), hint(5, 'a record for another owner answers another question')).toEqual(
      ['192.0.2.10'],
    );
  });

  it('keeps the additional records the answers name (an MX exchange address)', async () => {
    const server = await start((q, seen, n) => {
      const base = zone(RECORDS)(q, seen, n);
      if (q.questions?.[0]?.type !== 'MX') return base;
      return [
        {
          bytes: reply(q, {
            answers: [RECORDS[5] as Answer],
            additionals: [{ name: 'mx.test', type: 'A', ttl: 300, data: '192.0.2.25' }],
          }),
        },
      ];
    });
    const r = await resolverFor(server.port).resolve('test', 'MX');
    expect(
      data(r.additionals),
      hint(5, 'additionals whose owner is an MX exchange, SRV target or NS'),
    ).toEqual(['192.0.2.25']);
  });

  it.each([
    ['an SRV target', 'SRV' as const, '_imap._tcp.test', RECORDS[8] as Answer, 'www.test'],
    [
      'an NS name (glue)',
      'NS' as const,
      'test',
      { name: 'test', type: 'NS', ttl: 300, data: 'ns1.test' } as Answer,
      'ns1.test',
    ],
  ])(
    'keeps the A and AAAA records of %s, and no others',
    async (_what, type, name, answer, owner) => {
      const server = await start((q, seen, n) => {
        if (q.questions?.[0]?.type !== type) return zone(RECORDS)(q, seen, n);
        return [
          {
            bytes: reply(q, {
              answers: [answer],
              additionals: [
                { name: owner, type: 'A', ttl: 300, data: '192.0.2.53' },
                { name: owner, type: 'AAAA', ttl: 300, data: '2001:db8::53' },
                { name: owner, type: 'TXT', ttl: 300, data: ['not an address'] },
                { name: owner, type: 'A', class: 'CH', ttl: 300, data: '192.0.2.54' },
                { name: 'elsewhere.test', type: 'A', ttl: 300, data: '192.0.2.99' },
              ],
            }),
          },
        ];
      });
      const r = await resolverFor(server.port).resolve(name, type);
      expect(
        data(r.additionals),
        hint(5, 'addresses (A, AAAA, class IN) of the names the answers point at'),
      ).toEqual(['192.0.2.53', '2001:db8::53']);
    },
  );

  it('gives up on a chain longer than maxCnameChain with ERR_DNS_CNAME_CHAIN', async () => {
    const chain: Answer[] = Array.from({ length: 6 }, (_, i) => ({
      name: `c${i}.test`,
      type: 'CNAME',
      ttl: 60,
      data: `c${i + 1}.test`,
    }));
    const server = await start(
      zone([...chain, { name: 'c6.test', type: 'A', ttl: 60, data: '10.0.0.6' }]),
    );
    await expectDnsReject(
      resolverFor(server.port, { maxCnameChain: 3 }).resolve('c0.test'),
      'ERR_DNS_CNAME_CHAIN',
      hint(5, 'count the CNAMEs followed; stop past the bound'),
    );
    expect(
      data((await resolverFor(server.port, { maxCnameChain: 6 }).resolve('c0.test')).answers),
    ).toEqual(['10.0.0.6']);
  });

  it('follows exactly maxCnameChain CNAMEs, and refuses one more', async () => {
    const chain: Answer[] = Array.from({ length: 3 }, (_, i) => ({
      name: `c${i}.test`,
      type: 'CNAME',
      ttl: 60,
      data: `c${i + 1}.test`,
    }));
    const server = await start(
      zone([...chain, { name: 'c3.test', type: 'A', ttl: 60, data: '10.0.0.3' }]),
    );
    expect(
      data((await resolverFor(server.port, { maxCnameChain: 3 }).resolve('c0.test')).answers),
      hint(5, 'maxCnameChain CNAMEs are allowed'),
    ).toEqual(['10.0.0.3']);
    await expectDnsReject(
      resolverFor(server.port, { maxCnameChain: 2 }).resolve('c0.test'),
      'ERR_DNS_CNAME_CHAIN',
      hint(5, 'one CNAME past the bound is refused'),
    );
  });

  it('keeps only answers of class IN', async () => {
    const server = await start((q) => [
      {
        bytes: reply(q, {
          answers: [
            { name: 'www.test', type: 'A', class: 'CH', ttl: 300, data: '192.0.2.66' },
            { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' },
          ],
        }),
      },
    ]);
    const r = await resolverFor(server.port).resolve('www.test');
    expect(data(r.answers), hint(5, 'a resolver asks for class IN')).toEqual(['192.0.2.10']);
  });

  it('gives up on a CNAME loop with ERR_DNS_CNAME_CHAIN', async () => {
    const server = await start(
      zone(
        [
          { name: 'ping.test', type: 'CNAME', ttl: 60, data: 'pong.test' },
          { name: 'pong.test', type: 'CNAME', ttl: 60, data: 'ping.test' },
        ],
        { chase: false },
      ),
    );
    await expectDnsReject(
      resolverFor(server.port, { maxCnameChain: 50 }).resolve('ping.test'),
      'ERR_DNS_CNAME_CHAIN',
      hint(5, 'a name seen before in the chain is a loop'),
    );
    expect(
      server.queries.length,
      hint(5, 'stop at the loop, not at the bound'),
    ).toBeLessThanOrEqual(3);
  });

  it.each([
    [2, 'ERR_DNS_SERVFAIL'],
    [5, 'ERR_DNS_REFUSED'],
    [4, 'ERR_DNS_RCODE'],
    [1, 'ERR_DNS_RCODE'],
  ] as const)('rejects RCODE %i with %s', async (rcode, code) => {
    const server = await start((q) => [{ bytes: reply(q, { rcode }) }]);
    await expectDnsReject(
      resolverFor(server.port).resolve('www.test'),
      code,
      hint(5, 'only NOERROR and NXDOMAIN are answers'),
    );
  });

  it('passes ERR_DNS_TIMEOUT on', async () => {
    const server = await start(() => []);
    await expectDnsReject(
      resolverFor(server.port, { timeout: 30, retries: 0 }).resolve('www.test'),
      'ERR_DNS_TIMEOUT',
    );
  });

  it('resolves the type A when no type is given', async () => {
    const server = await start(zone(RECORDS));
    await resolverFor(server.port).resolve('www.test');
    expect(server.queries[0]?.type, hint(5, 'type defaults to A')).toBe('A');
  });
});
