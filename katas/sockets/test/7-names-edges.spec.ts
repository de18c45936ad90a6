import { Socket } from 'node:net';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  type ConnectFunction,
  connectHappy,
  type LookupFunction,
  NameError,
  resolveAll,
} from '../src/index.ts';
import { later, plainListener, sleep, useSockets } from './helpers.ts';

useSockets();

/** A lookup that answers `answers` (and records the names it was asked). */
function fakeLookup(answers: Array<[string, number]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (name: string) => {
    calls.push(name);
    return answers.map(([address, family]) => ({ address, family }));
  };
  return Object.assign(fn, { calls });
}

const noLookup: LookupFunction = async () => {
  throw new Error('the lookup was called');
};

interface Attempt {
  host: string;
  family: number;
}

/**
 * A connect function that logs each attempt and connects it to 127.0.0.1: on `port` for the
 * hosts in `to`, after `delays[host]` ms (0 if absent); on `refusedPort` (nobody listens) for
 * any other host.
 */
function routedConnect(
  to: { port: number; hosts: string[]; refusedPort: number; delays?: Record<string, number> },
  log: Attempt[],
): ConnectFunction {
  return ({ host, port, family }) => {
    log.push({ host, family });
    const socket = new Socket();
    const target = to.hosts.includes(host) ? port : to.refusedPort;
    const timer = setTimeout(
      () => socket.destroyed || socket.connect({ host: '127.0.0.1', port: target }),
      to.delays?.[host] ?? 0,
    );
    socket.once('close', () => clearTimeout(timer));
    later(() => {
      clearTimeout(timer);
      socket.destroy();
    });
    return socket;
  };
}

/** A port on 127.0.0.1 where nobody listens. */
async function closedPort(): Promise<number> {
  const listener = await plainListener('127.0.0.1');
  await new Promise<void>((resolve) => listener.server.close(() => resolve()));
  return listener.port;
}

describe('7. Names', () => {
  describe('resolveAll: host names', () => {
    it.each([
      ['host-', 'a label may not end with "-"'],
      ['a..', 'one trailing dot, not two'],
      ['a-.', 'the trailing dot goes, the label stays checked'],
    ])('refuses %j before any lookup (%s)', async (name) => {
      await expectRejectCode(
        resolveAll(name, { lookup: noLookup }),
        NameError,
        'ERR_NAME_INVALID',
        hint(7, 'strip ONE trailing dot, then check every label'),
      );
    });

    it('accepts a name of exactly 253 characters', async () => {
      const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
      expect(name.length).toBe(253);
      const lookup = fakeLookup([['192.0.2.1', 4]]);
      expect(await resolveAll(name, { lookup }), hint(7, '253 in all is allowed')).toEqual([
        '192.0.2.1',
      ]);
      expect(lookup.calls).toEqual([name]);
    });

    it('skips answers of the lookup that are not IP addresses', async () => {
      const lookup = fakeLookup([
        ['not-an-address', 4],
        ['192.0.2.1', 4],
        ['', 6],
      ]);
      expect(
        await resolveAll('h.test', { lookup }),
        hint(7, 'keep only what parseIP reads'),
      ).toEqual(['192.0.2.1']);
    });

    it('rejects with a NameError by that name, with no attempt errors', async () => {
      const error = await expectRejectCode(
        resolveAll('-bad', { lookup: noLookup }),
        NameError,
        'ERR_NAME_INVALID',
      );
      expect(error.name, hint(7, 'the error classes are given in src/index.ts')).toBe('NameError');
      expect(error.errors, hint(7, 'no attempt was made: errors is empty')).toEqual([]);
    });
  });

  describe('connectHappy: attempts', () => {
    it('passes the family of each address to connect', async () => {
      const listener = await plainListener('127.0.0.1');
      const log: Attempt[] = [];
      const connect = routedConnect(
        { port: listener.port, hosts: ['127.0.0.1'], refusedPort: await closedPort() },
        log,
      );
      const socket = await connectHappy('127.0.0.1', listener.port, { connect });
      later(() => socket.destroy());
      expect(log, hint(7, "family: 6 for an address with ':', else 4")).toEqual([
        { host: '127.0.0.1', family: 4 },
      ]);
    });

    it('starts no attempt after the first one connected', async () => {
      const listener = await plainListener('127.0.0.1');
      const log: Attempt[] = [];
      const connect = routedConnect(
        { port: listener.port, hosts: ['192.0.2.1'], refusedPort: await closedPort() },
        log,
      );
      const lookup = fakeLookup([
        ['192.0.2.1', 4],
        ['192.0.2.2', 4],
      ]);
      const socket = await connectHappy('h.test', listener.port, {
        lookup,
        connect,
        attemptDelayMs: 100,
      });
      later(() => socket.destroy());
      const made = log.length;
      await sleep(300);
      expect(log.length, hint(7, 'the winner clears the attempt timer')).toBe(made);
    });

    it('waits for an earlier attempt still connecting when the last one fails', async () => {
      const listener = await plainListener('127.0.0.1');
      const log: Attempt[] = [];
      const connect = routedConnect(
        {
          port: listener.port,
          hosts: ['192.0.2.1'],
          refusedPort: await closedPort(),
          delays: { '192.0.2.1': 150 },
        },
        log,
      );
      const lookup = fakeLookup([
        ['192.0.2.1', 4],
        ['192.0.2.2', 4],
      ]);
      const socket = await connectHappy('h.test', listener.port, {
        lookup,
        connect,
        attemptDelayMs: 10,
      });
      later(() => socket.destroy());
      expect(
        log.map((a) => a.host),
        hint(7, 'ERR_CONNECT_FAILED only once no attempt is left running'),
      ).toEqual(['192.0.2.1', '192.0.2.2']);
      expect(socket.remotePort).toBe(listener.port);
    });
  });
});
