import { createHash } from 'node:crypto';
import { expectCode, expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  type Command,
  execute,
  handleLine,
  hashRounds,
  hashSliced,
  isCpuBound,
  ProtocolError,
  parseCommand,
} from '../src/index.ts';
import { ROOT } from './support.ts';

const sha = (bytes: Buffer | string): Buffer => createHash('sha256').update(bytes).digest();
const HELLO = `OK 6 ${sha('hello\n').toString('hex')}`;

describe('1. Commands', () => {
  describe('parseCommand', () => {
    it.each<[string, Command]>([
      ['PING', { op: 'PING' }],
      ['ECHO hello world', { op: 'ECHO', text: 'hello world' }],
      ['ECHO ', { op: 'ECHO', text: '' }],
      ['ECHO  two  spaces ', { op: 'ECHO', text: ' two  spaces ' }],
      ['HASH 3 abc', { op: 'HASH', rounds: 3, data: 'abc' }],
      ['HASH 1 a b c', { op: 'HASH', rounds: 1, data: 'a b c' }],
      ['HASH 5000000 ', { op: 'HASH', rounds: 5_000_000, data: '' }],
      ['SLEEP 0', { op: 'SLEEP', ms: 0 }],
      ['SLEEP 10000', { op: 'SLEEP', ms: 10_000 }],
      ['READ hello.txt', { op: 'READ', name: 'hello.txt' }],
      ['CRASH', { op: 'CRASH' }],
    ])('parses %j', (line, command) => {
      expect(
        parseCommand(line),
        hint(1, 'README, "The protocol": verb, one space, argument'),
      ).toEqual(command);
    });

    it.each([
      ['', 'ERR_UNKNOWN_COMMAND'],
      ['ping', 'ERR_UNKNOWN_COMMAND'],
      ['GET / HTTP/1.1', 'ERR_UNKNOWN_COMMAND'],
      [' PING', 'ERR_UNKNOWN_COMMAND'],
      ['PING now', 'ERR_BAD_ARGUMENT'],
      ['ECHO', 'ERR_BAD_ARGUMENT'],
      ['HASH 3', 'ERR_BAD_ARGUMENT'],
      ['HASH abc def', 'ERR_BAD_ARGUMENT'],
      ['HASH 0 abc', 'ERR_BAD_ARGUMENT'],
      ['HASH -1 abc', 'ERR_BAD_ARGUMENT'],
      ['HASH 01 abc', 'ERR_BAD_ARGUMENT'],
      ['HASH 1e3 abc', 'ERR_BAD_ARGUMENT'],
      ['HASH 5000001 abc', 'ERR_TOO_LARGE'],
      ['HASH 99999999999999999999 abc', 'ERR_TOO_LARGE'],
      ['SLEEP', 'ERR_BAD_ARGUMENT'],
      ['SLEEP 1.5', 'ERR_BAD_ARGUMENT'],
      ['SLEEP  5', 'ERR_BAD_ARGUMENT'],
      ['SLEEP 10001', 'ERR_TOO_LARGE'],
      ['READ', 'ERR_BAD_ARGUMENT'],
      ['READ ', 'ERR_BAD_ARGUMENT'],
      ['CRASH now', 'ERR_BAD_ARGUMENT'],
    ])('refuses %j with %s', (line, code) => {
      expectCode(
        () => parseCommand(line),
        ProtocolError,
        code,
        hint(1, 'check every argument before running anything'),
      );
    });

    it('takes the limits it is given', () => {
      expect(parseCommand('HASH 10 x', { maxRounds: 10 })).toEqual({
        op: 'HASH',
        rounds: 10,
        data: 'x',
      });
      expectCode(
        () => parseCommand('HASH 11 x', { maxRounds: 10 }),
        ProtocolError,
        'ERR_TOO_LARGE',
        hint(1, 'limits.maxRounds'),
      );
      expectCode(
        () => parseCommand('SLEEP 51', { maxSleepMs: 50 }),
        ProtocolError,
        'ERR_TOO_LARGE',
        hint(1, 'limits.maxSleepMs'),
      );
    });
  });

  describe('isCpuBound', () => {
    it('is true for HASH and CRASH, false for the commands that wait or answer at once', () => {
      const ops = ['PING', 'ECHO x', 'HASH 1 x', 'SLEEP 1', 'READ a', 'CRASH'].map((l) =>
        isCpuBound(parseCommand(l)),
      );
      expect(ops, hint(1, 'only work that needs a CPU is worth another thread')).toEqual([
        false,
        false,
        true,
        false,
        false,
        true,
      ]);
    });
  });

  describe('hashRounds', () => {
    it('one round is SHA-256 of the UTF-8 bytes (FIPS 180-2 "abc" vector)', () => {
      expect(hashRounds('abc', 1), hint(1, 'createHash("sha256")')).toBe(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
    });
    it('each further round hashes the previous digest bytes, not its hex text', () => {
      const two = sha(sha('abc')).toString('hex');
      expect(hashRounds('abc', 2), hint(1, 'feed the raw digest back')).toBe(two);
      let d = sha('é ☃');
      for (let i = 1; i < 10; i++) d = sha(d);
      expect(hashRounds('é ☃', 10), hint(1, 'the data is UTF-8')).toBe(d.toString('hex'));
    });
  });

  describe('hashSliced', () => {
    it.each([1, 7, 1000])('gives the same digest as hashRounds in slices of %i', async (slice) => {
      expect(await hashSliced('slices', 25, slice), hint(1, 'slicing changes when, not what')).toBe(
        hashRounds('slices', 25),
      );
    });
    it('lets the event loop turn between slices', async () => {
      let turned = false;
      setImmediate(() => {
        turned = true;
      });
      await hashSliced('x', 40, 10);
      expect(turned, hint(1, 'await setImmediate() between slices, not a resolved promise')).toBe(
        true,
      );
    });
  });

  describe('execute', () => {
    it('answers PING, ECHO, HASH and SLEEP', async () => {
      const options = { root: ROOT };
      expect(await execute({ op: 'PING' }, options)).toBe('OK PONG');
      expect(await execute({ op: 'ECHO', text: 'ünï code' }, options)).toBe('OK ünï code');
      expect(await execute({ op: 'HASH', rounds: 1, data: 'abc' }, options)).toBe(
        'OK ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
      expect(
        await execute({ op: 'SLEEP', ms: 5 }, options),
        hint(1, 'OK and the milliseconds'),
      ).toBe('OK 5');
    });
    it('SLEEP waits on a timer: other callbacks run meanwhile', async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      await execute({ op: 'SLEEP', ms: 40 }, { root: ROOT });
      clearInterval(timer);
      expect(ticks, hint(1, 'setTimeout, never a busy loop')).toBeGreaterThan(0);
    });
    it('READ answers the size and the SHA-256 of the file', async () => {
      expect(
        await execute({ op: 'READ', name: 'hello.txt' }, { root: ROOT }),
        hint(1, 'OK <size> <sha256 hex>'),
      ).toBe(HELLO);
      expect(await execute({ op: 'READ', name: 'empty.txt' }, { root: ROOT })).toBe(
        `OK 0 ${sha('').toString('hex')}`,
      );
    });
    it('READ of a missing file or a directory rejects ERR_NOT_FOUND', async () => {
      await expectRejectCode(
        execute({ op: 'READ', name: 'missing.txt' }, { root: ROOT }),
        ProtocolError,
        'ERR_NOT_FOUND',
        hint(1, 'ENOENT'),
      );
      await expectRejectCode(
        execute({ op: 'READ', name: 'sub' }, { root: ROOT }),
        ProtocolError,
        'ERR_NOT_FOUND',
        hint(1, 'a directory is not a file'),
      );
    });
    it('CRASH calls onCrash, and without one rejects with an error that is not a ProtocolError', async () => {
      let called = 0;
      const error = await rejected(
        execute(
          { op: 'CRASH' },
          {
            root: ROOT,
            onCrash: () => {
              called++;
              throw new RangeError('crashed');
            },
          },
        ),
      );
      expect(called, hint(1, 'options.onCrash decides what a crash is')).toBe(1);
      expect(error).toBeInstanceOf(RangeError);
      const plain = await rejected(execute({ op: 'CRASH' }, { root: ROOT }));
      expect(
        plain instanceof Error &&
          !(plain instanceof ProtocolError) &&
          plain.name !== 'NotImplementedError',
        hint(1, 'a crash is a bug, not a refusal'),
      ).toBe(true);
    });
  });

  describe('handleLine', () => {
    it('answers a request line', async () => {
      expect(await handleLine('ECHO hi', { root: ROOT }), hint(1, 'parse, then execute')).toBe(
        'OK hi',
      );
      expect(await handleLine('READ hello.txt', { root: ROOT })).toBe(HELLO);
    });
    it('turns a refusal into ERR <code> and never rejects', async () => {
      expect(await handleLine('NOPE', { root: ROOT }), hint(1, 'catch ProtocolError')).toBe(
        'ERR ERR_UNKNOWN_COMMAND',
      );
      expect(await handleLine('READ nothing-here', { root: ROOT })).toBe('ERR ERR_NOT_FOUND');
      expect(await handleLine('HASH 20 x', { root: ROOT, maxRounds: 10 })).toBe(
        'ERR ERR_TOO_LARGE',
      );
    });
    it('turns a crash into ERR ERR_INTERNAL', async () => {
      expect(
        await handleLine('CRASH', { root: ROOT }),
        hint(1, 'any other error is ERR_INTERNAL'),
      ).toBe('ERR ERR_INTERNAL');
    });
  });
});
