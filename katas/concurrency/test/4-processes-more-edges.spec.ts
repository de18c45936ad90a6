import { createServer } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { accepted, ask, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

/** `::1` where this machine has an IPv6 loopback, else `127.0.0.1`. */
function loopbackV6OrV4(): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve('127.0.0.1'));
    probe.listen(0, '::1', () => probe.close(() => resolve('::1')));
  });
}

describe('4. Processes', () => {
  it('processes: without poolSize or host, two workers listen on 127.0.0.1 only', async () => {
    const service = await start('processes', { poolSize: undefined });
    expect(service.stats().workers, hint(4, 'poolSize defaults to 2')).toBe(2);
    expect(await ask(service.port, 'PING')).toEqual(['OK PONG']);
    expect(
      await accepted(service.port, '::1'),
      hint(4, "host defaults to '127.0.0.1', in the primary and in every worker"),
    ).toBe(false);
  }, 60_000);

  it('processes: listens on the host it is given', async () => {
    const host = await loopbackV6OrV4();
    const service = await start('processes', { poolSize: 1, host });
    expect(
      await accepted(service.port, host),
      hint(4, 'pass options.host to the workers (and to the probe that picks the port)'),
    ).toBe(true);
    if (host === '::1') expect(await accepted(service.port, '127.0.0.1')).toBe(false);
  }, 60_000);
});
