import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Answer, openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { withClock } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const RECORDS: Answer[] = [
  { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' },
  { name: 'www.test', type: 'AAAA', ttl: 300, data: '2001:db8::10' },
  { name: 'short.test', type: 'A', ttl: 100, data: '192.0.2.1' },
  { name: 'short.test', type: 'A', ttl: 50, data: '192.0.2.2' },
  { name: 'alias.test', type: 'CNAME', ttl: 10, data: 'www.test' },
  { name: 'zero.test', type: 'A', ttl: 0, data: '192.0.2.3' },
  { name: 'huge.test', type: 'A', ttl: 0x80000000, data: '192.0.2.4' },
  { name: 'max.test', type: 'A', ttl: 0x7fffffff, data: '192.0.2.5' },
  { name: 'dangling.test', type: 'CNAME', ttl: 300, data: 'gone.test' },
];

const CACHE = hint(6, 'cache by lowercased name and type until now + TTL × 1000');

describe('6. Cache', () => {
  it('answers a repeated question from the cache while the TTL lasts', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    await resolver.resolve('www.test');
    advance(10);
    const again = await resolver.resolve('www.test');
    expect(server.queries, CACHE).toHaveLength(1);
    expect(again, CACHE).toMatchObject({ fromCache: true, status: 'NOERROR', ttl: 290 });
    expect(again.answers.map((r) => r.type === 'A' && r.data)).toEqual(['192.0.2.10']);
  });

  it('counts the cached TTL down in whole seconds, rounded down', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    await resolver.resolve('www.test');
    advance(1.5);
    expect((await resolver.resolve('www.test')).ttl, CACHE).toBe(298);
  });

  it('asks again at the very moment the TTL runs out', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    await resolver.resolve('www.test');
    advance(300);
    const again = await resolver.resolve('www.test');
    expect(
      [server.queries.length, again.fromCache],
      hint(6, 'an entry lives while now < expiry'),
    ).toEqual([2, false]);
  });

  it('keeps a TTL of 2^31 − 1, the largest that is not read as 0', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    expect((await resolver.resolve('max.test')).ttl, hint(6, 'only the top bit means 0')).toBe(
      0x7fffffff,
    );
  });

  it('asks again once the TTL has run out', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    await resolver.resolve('www.test');
    advance(301);
    const again = await resolver.resolve('www.test');
    expect(server.queries, hint(6, 'an expired entry is gone')).toHaveLength(2);
    expect(again.fromCache).toBe(false);
  });

  it('keeps an answer for its shortest TTL', async () => {
    const server = await start(zone(RECORDS));
    const { resolver, advance } = withClock(server.port);
    expect(
      (await resolver.resolve('short.test')).ttl,
      hint(6, 'the RRset lives as long as its shortest TTL'),
    ).toBe(50);
    advance(51);
    await resolver.resolve('short.test');
    expect(server.queries).toHaveLength(2);
  });

  it('counts the CNAMEs of the chain in the TTL', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    expect(
      (await resolver.resolve('alias.test')).ttl,
      hint(6, 'the chain expires with its shortest link'),
    ).toBe(10);
  });

  it('does not cache a TTL of 0', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    await resolver.resolve('zero.test');
    await resolver.resolve('zero.test');
    expect(server.queries, hint(6, 'TTL 0: use once, do not keep')).toHaveLength(2);
  });

  it('reads a TTL with the top bit set as 0 (RFC 2181 §8)', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    await resolver.resolve('huge.test');
    await resolver.resolve('huge.test');
    expect(server.queries, hint(6, 'values over 2^31 - 1 are treated as zero')).toHaveLength(2);
  });

  it('caches each type apart', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    await resolver.resolve('www.test', 'A');
    const v6 = await resolver.resolve('www.test', 'AAAA');
    expect(v6.fromCache, hint(6, 'the key is name and type')).toBe(false);
    expect(server.queries).toHaveLength(2);
  });

  it('finds an entry whatever the case of the name asked', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    await resolver.resolve('www.test');
    const again = await resolver.resolve('WWW.Test');
    expect(again.fromCache, hint(6, 'lowercase the key')).toBe(true);
    expect(again.name).toBe('WWW.Test');
  });

  it('forgets everything on clearCache()', async () => {
    const server = await start(zone(RECORDS));
    const { resolver } = withClock(server.port);
    await resolver.resolve('www.test');
    resolver.clearCache();
    await resolver.resolve('www.test');
    expect(server.queries, hint(6, 'clearCache empties the map')).toHaveLength(2);
  });

  describe('negative caching (RFC 2308)', () => {
    it('keeps an NXDOMAIN for min(SOA TTL, SOA MINIMUM) (§5)', async () => {
      const server = await start(zone(RECORDS, { soa: { ttl: 300, minimum: 60 } }));
      const { resolver, advance } = withClock(server.port);
      expect(
        (await resolver.resolve('nope.test')).ttl,
        hint(6, 'the negative TTL comes from the SOA'),
      ).toBe(60);
      advance(59);
      const cached = await resolver.resolve('nope.test');
      expect(cached).toMatchObject({ status: 'NXDOMAIN', fromCache: true });
      advance(2);
      await resolver.resolve('nope.test');
      expect(server.queries).toHaveLength(2);
    });

    it('reads an SOA TTL with the top bit set as 0: the NXDOMAIN is not kept', async () => {
      const server = await start(zone(RECORDS, { soa: { ttl: 0x80000000, minimum: 60 } }));
      const { resolver } = withClock(server.port);
      expect((await resolver.resolve('nope.test')).ttl, hint(6, 'RFC 2181 §8 there too')).toBe(0);
      await resolver.resolve('nope.test');
      expect(server.queries, hint(6, 'a TTL of 0 is not cached')).toHaveLength(2);
    });

    it('keeps an NXDOMAIN at the end of a CNAME chain for that type only', async () => {
      const server = await start(zone(RECORDS, { soa: { ttl: 300, minimum: 60 } }));
      const { resolver } = withClock(server.port);
      expect((await resolver.resolve('dangling.test', 'A')).status).toBe('NXDOMAIN');
      await resolver.resolve('dangling.test', 'AAAA');
      expect(
        server.queries.map((q) => `${q.name} ${q.type}`),
        hint(6, 'the name asked exists (it is a CNAME): only its target is missing'),
      ).toEqual(['dangling.test A', 'dangling.test AAAA']);
    });

    it('takes the SOA record TTL when it is the smaller', async () => {
      const server = await start(zone(RECORDS, { soa: { ttl: 30, minimum: 600 } }));
      const { resolver } = withClock(server.port);
      expect((await resolver.resolve('nope.test')).ttl, hint(6, 'min of the two')).toBe(30);
    });

    it('answers every type of a name from one NXDOMAIN', async () => {
      const server = await start(zone(RECORDS));
      const { resolver } = withClock(server.port);
      await resolver.resolve('nope.test', 'A');
      const v6 = await resolver.resolve('nope.test', 'AAAA');
      expect(v6, hint(6, 'NXDOMAIN says the name has no records of any type')).toMatchObject({
        status: 'NXDOMAIN',
        fromCache: true,
      });
    });

    it('keeps a NODATA for its type only', async () => {
      const server = await start(zone(RECORDS));
      const { resolver } = withClock(server.port);
      await resolver.resolve('www.test', 'MX');
      expect(
        (await resolver.resolve('www.test', 'MX')).fromCache,
        hint(6, 'NODATA is cached per type'),
      ).toBe(true);
      expect((await resolver.resolve('www.test', 'A')).fromCache).toBe(false);
      expect(server.queries).toHaveLength(2);
    });

    it('does not cache a negative answer without an SOA', async () => {
      const server = await start(zone(RECORDS, { soa: false }));
      const { resolver } = withClock(server.port);
      await resolver.resolve('nope.test');
      await resolver.resolve('nope.test');
      expect(
        server.queries,
        hint(6, 'no SOA, no negative TTL: do not cache (RFC 2308 §5)'),
      ).toHaveLength(2);
    });

    it('does not cache a SERVFAIL', async () => {
      let n = 0;
      const server = await start((q, seen, count) => {
        n = count;
        return count === 1 ? [{ bytes: reply(q, { rcode: 2 }) }] : zone(RECORDS)(q, seen, count);
      });
      const { resolver } = withClock(server.port);
      await resolver.resolve('www.test').catch(() => undefined);
      const r = await resolver.resolve('www.test');
      expect([n, r.status], hint(6, 'a failure is not an answer')).toEqual([2, 'NOERROR']);
    });
  });
});
