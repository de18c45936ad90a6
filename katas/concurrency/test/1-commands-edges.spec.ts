import { expectCode, expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { execute, ProtocolError, parseCommand } from '../src/index.ts';
import { ROOT } from './support.ts';

describe('1. Commands', () => {
  it('a refusal is a ProtocolError named so, from parseCommand and from execute', async () => {
    const parsed = expectCode(
      () => parseCommand('NOPE'),
      ProtocolError,
      'ERR_UNKNOWN_COMMAND',
      hint(1, 'throw new ProtocolError(code)'),
    );
    expect(parsed.name, hint(1, "error.name says what failed in a log: 'ProtocolError'")).toBe(
      'ProtocolError',
    );
    const executed = await expectRejectCode(
      execute({ op: 'READ', name: 'missing.txt' }, { root: ROOT }),
      ProtocolError,
      'ERR_NOT_FOUND',
    );
    expect(executed.name).toBe('ProtocolError');
  });

  it.each(['HASH', 'HASH ', 'HASH 5'])(
    'refuses %j, a HASH without its data, with ERR_BAD_ARGUMENT',
    (line) => {
      expectCode(
        () => parseCommand(line),
        ProtocolError,
        'ERR_BAD_ARGUMENT',
        hint(1, 'HASH needs a count, one space, then the data (which may be empty)'),
      );
    },
  );
});
