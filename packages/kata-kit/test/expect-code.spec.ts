import { describe, expect, it } from 'vitest';
import { codeOf, expectCode, expectRejectCode, hint } from '../src/expect-code.ts';
import { NotImplementedError } from '../src/not-implemented.ts';

class KataError extends Error {
  override readonly name = 'KataError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const throwing = (code: string, message: string) => () => {
  throw new KataError(code, message);
};

/** The message of the assertion `fn` fails with, or `undefined` when it passes. */
function failure(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('expectCode', () => {
  it('passes for the class and code, and returns the error', () => {
    const error = expectCode(throwing('ERR_X', 'port 99999 is out of range'), KataError, 'ERR_X');
    expect(error.message).toBe('port 99999 is out of range');
  });

  it('fails for another code, naming both and the hint', () => {
    const text = failure(() =>
      expectCode(throwing('ERR_Y', 'bad'), KataError, 'ERR_X', hint(3, 'read the port')),
    );
    expect(text).toContain('expected KataError with code ERR_X; hint: read the port (HINTS.md §3)');
    expect(text).toContain('ERR_Y');
  });

  it("fails for a stub's NotImplementedError and for returning", () => {
    expect(
      failure(() =>
        expectCode(
          () => {
            throw new NotImplementedError('parse', 1);
          },
          KataError,
          'ERR_X',
        ),
      ),
    ).toContain('got NotImplementedError');
    expect(failure(() => expectCode(() => 1, KataError, 'ERR_X'))).toContain(
      'got no error (it returned)',
    );
  });

  it('fails for the right code with an empty or blank message', () => {
    for (const message of ['', '  ']) {
      expect(failure(() => expectCode(throwing('ERR_X', message), KataError, 'ERR_X'))).toContain(
        'its message is empty',
      );
    }
  });

  it('checks rejections the same way', async () => {
    await expect(
      expectRejectCode(Promise.reject(new KataError('ERR_X', 'why')), KataError, 'ERR_X'),
    ).resolves.toBeInstanceOf(KataError);
    await expect(
      expectRejectCode(Promise.reject(new KataError('ERR_X', '')), KataError, 'ERR_X'),
    ).rejects.toThrow('its message is empty');
  });
});

describe('codeOf', () => {
  it("gives the code, 'accepted', or the code marked when the message is empty", () => {
    expect(codeOf(throwing('ERR_X', 'why'), KataError)).toBe('ERR_X');
    expect(codeOf(() => 1, KataError)).toBe('accepted');
    expect(codeOf(throwing('ERR_X', ''), KataError)).toBe('ERR_X with an empty message');
  });

  it('lets any other error through', () => {
    expect(() =>
      codeOf(() => {
        throw new TypeError('boom');
      }, KataError),
    ).toThrow(TypeError);
  });
});
