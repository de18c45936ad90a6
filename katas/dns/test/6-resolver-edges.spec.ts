import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Answer, openHandles, reply, useDnsServers, ZONE_SOA, zone } from './dns-server.ts';
import { withClock } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const RECORDS: Answer[] = [
  { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' },
  { name: 'zero.test', type: 'A', ttl: 0, data: '192.0.2.3' },
];

describe('6. Cache', () => {
  it('keeps an NXDOMAIN for its own name only: another name is still asked', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    expect((await resolver.resolve('nope.test')).status).toBe('NXDOMAIN');
    const other = await resolver.resolve('www.test');
    expect(
      [other.status, other.fromCache],
      hint(6, 'the name-wide NXDOMAIN key is the lowercased name, not one key for all'),
    ).toEqual(['NOERROR', false]);
    expect(server.queries.map((q) => q.name)).toEqual(['nope.test', 'www.test']);
  });

  it('does not keep a TTL-0 answer, even when the clock steps back', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    await resolver.resolve('zero.test');
    advance(-5);
    const again = await resolver.resolve('zero.test');
    expect(
      [server.queries.length, again.fromCache],
      hint(6, 'TTL 0: use once, never store'),
    ).toEqual([2, false]);
  });

  it('takes the negative TTL from the SOA wherever it is in the authority section', async () => {
    const server = await start((q) => [
      {
        bytes: reply(q, {
          rcode: 3,
          authorities: [{ name: 'test', type: 'NS', ttl: 10, data: 'ns.test' }, ZONE_SOA(300, 60)],
        }),
      },
    ]);
    const { resolver, advance } = withClock(server.port);
    expect(
      (await resolver.resolve('nope.test')).ttl,
      hint(6, 'find the SOA among the authorities: an NS record has no MINIMUM'),
    ).toBe(60);
    advance(30);
    expect((await resolver.resolve('nope.test')).fromCache).toBe(true);
  });
});
