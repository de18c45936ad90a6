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
import { ipv6LoopbackAvailable, later, plainListener, sleep, useSockets } from './helpers.ts';

useSockets();

const hasIPv6 = await ipv6LoopbackAvailable();
if (!hasIPv6) {
  console.warn(
    '7. Names: IPv6 loopback (::1) is not available here: the dual-stack Happy Eyeballs specs are skipped.',
  );
}

/** A lookup that answers `answers` (and counts its calls). */
function fakeLookup(answers: Array<[string, number]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (name: string) => {
    calls.push(name);
    return answers.map(([address, family]) => ({ address, family }));
  };
  return Object.assign(fn, { calls });
}

/** A lookup that must not be called. */
const noLookup: LookupFunction = async () => {
  throw new Error('the lookup was called');
};

function failingLookup(code: string): LookupFunction {
  return async () => {
    throw Object.assign(new Error(`getaddrinfo ${code}`), { code });
  };
}

interface Attempt {
  host: string;
  at: number;
  socket: Socket;
}

/**
 * A connect function that starts each attempt after a delay per host (-1: never connects), and
 * logs the attempts: what the harness uses to make ::1 slow or fast.
 */
function delayedConnect(delays: Record<string, number>, log: Attempt[]): ConnectFunction {
  return ({ host, port }) => {
    const socket = new Socket();
    log.push({ host, at: Date.now(), socket });
    const ms = delays[host] ?? 0;
    const timer =
      ms < 0 ? undefined : setTimeout(() => socket.destroyed || socket.connect({ host, port }), ms);
    socket.once('close', () => clearTimeout(timer));
    later(() => {
      clearTimeout(timer);
      socket.destroy();
    });
    return socket;
  };
}

/** Listeners on 127.0.0.1 and ::1 on the same port. */
async function dualStack(): Promise<{ port: number; v4: Socket[]; v6: Socket[] }> {
  for (let i = 0; ; i++) {
    const v4 = await plainListener('127.0.0.1');
    try {
      const v6 = await plainListener('::1', v4.port);
      return { port: v4.port, v4: v4.accepted, v6: v6.accepted };
    } catch (error) {
      if (i >= 5) throw error;
    }
  }
}

const both = (): LookupFunction =>
  fakeLookup([
    ['127.0.0.1', 4],
    ['::1', 6],
  ]);

describe('7. Names', () => {
  describe('resolveAll', () => {
    it('answers an IP literal with itself, canonical, without a lookup', async () => {
      expect(await resolveAll('127.0.0.1', { lookup: noLookup }), hint(7, 'parseIP first')).toEqual(
        ['127.0.0.1'],
      );
      expect(await resolveAll('2001:DB8:0::1', { lookup: noLookup })).toEqual(['2001:db8::1']);
    });

    it('asks the lookup for the name', async () => {
      const lookup = fakeLookup([['192.0.2.1', 4]]);
      expect(await resolveAll('example.test', { lookup })).toEqual(['192.0.2.1']);
      expect(lookup.calls).toEqual(['example.test']);
    });

    it('interleaves the families, IPv6 first (RFC 8305 §4)', async () => {
      const lookup = fakeLookup([
        ['192.0.2.1', 4],
        ['192.0.2.2', 4],
        ['2001:db8::1', 6],
        ['2001:db8::2', 6],
      ]);
      expect(
        await resolveAll('h.test', { lookup }),
        hint(7, 'v6, v4, v6, v4…, each family in its own order'),
      ).toEqual(['2001:db8::1', '192.0.2.1', '2001:db8::2', '192.0.2.2']);
    });

    it('puts IPv4 first with prefer: 4', async () => {
      const lookup = fakeLookup([
        ['2001:db8::1', 6],
        ['192.0.2.1', 4],
      ]);
      expect(await resolveAll('h.test', { lookup, prefer: 4 })).toEqual([
        '192.0.2.1',
        '2001:db8::1',
      ]);
    });

    it('appends the rest of the larger family in order', async () => {
      const lookup = fakeLookup([
        ['192.0.2.1', 4],
        ['192.0.2.2', 4],
        ['192.0.2.3', 4],
        ['2001:db8::1', 6],
      ]);
      expect(await resolveAll('h.test', { lookup })).toEqual([
        '2001:db8::1',
        '192.0.2.1',
        '192.0.2.2',
        '192.0.2.3',
      ]);
    });

    it.each([
      [4, ['192.0.2.1']],
      [6, ['2001:db8::1']],
    ] as const)('keeps only family %i when asked', async (family, expected) => {
      const lookup = fakeLookup([
        ['2001:db8::1', 6],
        ['192.0.2.1', 4],
      ]);
      expect(await resolveAll('h.test', { lookup, family })).toEqual(expected);
    });

    it('returns each address once, in canonical form', async () => {
      const lookup = fakeLookup([
        ['2001:DB8::1', 6],
        ['2001:db8:0:0::1', 6],
        ['192.0.2.1', 4],
        ['192.0.2.1', 4],
      ]);
      expect(
        await resolveAll('h.test', { lookup }),
        hint(7, 'formatIP(parseIP(a)), then drop repeats'),
      ).toEqual(['2001:db8::1', '192.0.2.1']);
    });

    it('accepts a fully qualified name with its trailing dot', async () => {
      const lookup = fakeLookup([['192.0.2.1', 4]]);
      expect(await resolveAll('example.test.', { lookup })).toEqual(['192.0.2.1']);
    });

    it('uses node:dns by default: localhost has a loopback address', async () => {
      const found = await resolveAll('localhost');
      expect(
        found.some((a) => a === '127.0.0.1' || a === '::1'),
        hint(7, 'dns.promises.lookup(name, { all: true })'),
      ).toBe(true);
    });

    it.each(['ENOTFOUND', 'ENODATA', 'EAI_AGAIN'])(
      'rejects a lookup failing with %s as ERR_NAME_NOT_FOUND',
      async (code) => {
        await expectRejectCode(
          () => resolveAll('nowhere.test', { lookup: failingLookup(code) }),
          NameError,
          'ERR_NAME_NOT_FOUND',
          hint(7, 'wrap the lookup error'),
        );
      },
    );

    it('rejects an empty answer as ERR_NAME_NOT_FOUND', async () => {
      await expectRejectCode(
        () => resolveAll('h.test', { lookup: fakeLookup([]) }),
        NameError,
        'ERR_NAME_NOT_FOUND',
      );
    });

    it('rejects a name with no address of the family asked for as ERR_NAME_NOT_FOUND', async () => {
      await expectRejectCode(
        () => resolveAll('h.test', { lookup: fakeLookup([['192.0.2.1', 4]]), family: 6 }),
        NameError,
        'ERR_NAME_NOT_FOUND',
      );
    });

    it.each([
      '',
      'a b',
      'a..b',
      '.a',
      `${'x'.repeat(64)}.test`,
      `${'abcdefghi.'.repeat(26)}test`,
      'host\r\nx',
      '-bad.test',
      'bad-.test',
      'ex@mple.test',
    ])('rejects %j as ERR_NAME_INVALID without a lookup', async (name) => {
      await expectRejectCode(
        () => resolveAll(name, { lookup: noLookup }),
        NameError,
        'ERR_NAME_INVALID',
        hint(7, 'RFC 1123 §2.1 labels, 253 characters'),
      );
    });
  });

  describe('connectHappy', () => {
    it('connects to an IPv4 literal', async () => {
      const listener = await plainListener('127.0.0.1');
      const socket = await connectHappy('127.0.0.1', listener.port);
      later(() => socket.destroy());
      expect(socket.remoteAddress, hint(7, 'resolve, then net.connect')).toBe('127.0.0.1');
      expect(listener.accepted.length).toBe(1);
    });

    it('moves on at once when an attempt fails (refused), without waiting the delay', async () => {
      const listener = await plainListener('127.0.0.1');
      const lookup = fakeLookup([
        ['127.0.0.2', 4],
        ['127.0.0.1', 4],
      ]);
      // 127.0.0.2 is loopback too, with nobody listening on this port there: refused at once.
      const started = Date.now();
      const socket = await connectHappy('h.test', listener.port, { lookup, attemptDelayMs: 5_000 });
      later(() => socket.destroy());
      expect(socket.remoteAddress).toBe('127.0.0.1');
      expect(
        Date.now() - started,
        hint(7, 'an error starts the next attempt immediately (RFC 8305 §5)'),
      ).toBeLessThan(4_000);
    });

    it('rejects with ERR_CONNECT_FAILED and every attempt error when all fail', async () => {
      const listener = await plainListener('127.0.0.1');
      const port = listener.port;
      await new Promise<void>((resolve) => listener.server.close(() => resolve()));
      const lookup = fakeLookup([
        ['127.0.0.2', 4],
        ['127.0.0.1', 4],
      ]);
      const error = await expectRejectCode(
        () => connectHappy('h.test', port, { lookup }),
        NameError,
        'ERR_CONNECT_FAILED',
        hint(7, 'fail once nothing is left to try'),
      );
      expect(error.errors).toHaveLength(2);
    });

    it('rejects with ERR_CONNECT_TIMEOUT and closes the attempts when none connects in time', async () => {
      const log: Attempt[] = [];
      const connect = delayedConnect({ '127.0.0.1': -1 }, log);
      await expectRejectCode(
        () => connectHappy('127.0.0.1', 9, { connect, timeoutMs: 150 }),
        NameError,
        'ERR_CONNECT_TIMEOUT',
        hint(7, 'one overall timer'),
      );
      expect(
        log.every((a) => a.socket.destroyed),
        hint(7, 'destroy what is still trying'),
      ).toBe(true);
    });

    it('rejects a name that does not resolve with ERR_NAME_NOT_FOUND', async () => {
      await expectRejectCode(
        () => connectHappy('nowhere.test', 9, { lookup: failingLookup('ENOTFOUND') }),
        NameError,
        'ERR_NAME_NOT_FOUND',
      );
    });

    describe.skipIf(!hasIPv6)('on ::1 and 127.0.0.1 (RFC 8305 §5)', () => {
      it('connects over IPv6 when ::1 answers at once, and never tries IPv4', async () => {
        const { port, v4 } = await dualStack();
        const log: Attempt[] = [];
        const socket = await connectHappy('dual.test', port, {
          lookup: both(),
          attemptDelayMs: 1_000,
          connect: delayedConnect({}, log),
        });
        later(() => socket.destroy());
        expect(socket.remoteAddress, hint(7, 'IPv6 first')).toBe('::1');
        await sleep(300);
        expect(
          log.map((a) => a.host),
          hint(7, 'the next attempt only after the attempt delay'),
        ).toEqual(['::1']);
        expect(v4).toHaveLength(0);
      });

      it('starts IPv4 after the attempt delay when ::1 is slow, and IPv4 wins', async () => {
        const { port } = await dualStack();
        const log: Attempt[] = [];
        const socket = await connectHappy('dual.test', port, {
          lookup: both(),
          attemptDelayMs: 100,
          connect: delayedConnect({ '::1': 1_500 }, log),
        });
        later(() => socket.destroy());
        expect(socket.remoteAddress, hint(7, 'first to connect wins')).toBe('127.0.0.1');
        expect(log.map((a) => a.host)).toEqual(['::1', '127.0.0.1']);
        const [first, second] = log as [Attempt, Attempt];
        expect(
          second.at - first.at,
          hint(7, 'wait attemptDelayMs before the next attempt'),
        ).toBeGreaterThanOrEqual(90);
        expect(first.socket.destroyed, hint(7, 'close the losing attempts')).toBe(true);
      });

      it('waits 250 ms by default before starting IPv4', async () => {
        const { port } = await dualStack();
        const log: Attempt[] = [];
        const socket = await connectHappy('dual.test', port, {
          lookup: both(),
          connect: delayedConnect({ '::1': 1_500 }, log),
        });
        later(() => socket.destroy());
        const [first, second] = log as [Attempt, Attempt];
        expect(second.at - first.at, hint(7, 'the RFC 8305 default')).toBeGreaterThanOrEqual(240);
        expect(socket.remoteAddress).toBe('127.0.0.1');
      });

      it('keeps IPv6 when it connects after IPv4 started but before IPv4 does', async () => {
        const { port } = await dualStack();
        const log: Attempt[] = [];
        const socket = await connectHappy('dual.test', port, {
          lookup: both(),
          attemptDelayMs: 50,
          connect: delayedConnect({ '::1': 150, '127.0.0.1': 1_500 }, log),
        });
        later(() => socket.destroy());
        expect(socket.remoteAddress, hint(7, 'an earlier attempt can still win')).toBe('::1');
        expect(log.map((a) => a.host)).toEqual(['::1', '127.0.0.1']);
        expect(log[1]?.socket.destroyed).toBe(true);
      });

      it('falls back to IPv4 at once when ::1 refuses', async () => {
        const v4 = await plainListener('127.0.0.1');
        const started = Date.now();
        const socket = await connectHappy('dual.test', v4.port, {
          lookup: both(),
          attemptDelayMs: 5_000,
        });
        later(() => socket.destroy());
        expect(socket.remoteAddress).toBe('127.0.0.1');
        expect(Date.now() - started).toBeLessThan(4_000);
      });
    });
  });
});
