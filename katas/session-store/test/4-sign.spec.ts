import { createHmac } from 'node:crypto';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SignError, sign, unsign } from '../src/index.ts';
import { expectThrows } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  4,
  'HMAC-SHA256 in base64url, split at the last ".", compare with timingSafeEqual',
);

const SECRET = 'keyboard cat';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function hmac(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

const rejectsSecret = (fn: () => unknown) =>
  expectThrows(fn, SignError, 'ERR_SIGN_NO_SECRET', STAGE_HINT);

describe('4. Sign and verify with rotation', () => {
  describe('sign', () => {
    it('appends "." and the unpadded base64url HMAC-SHA256 of the value', () => {
      const why = hint(4, 'createHmac("sha256", secret).update(value).digest("base64url")');
      expect(sign('hello', SECRET), why).toBe(`hello.${hmac('hello', SECRET)}`);
      expect(sign('hello', SECRET), why).toMatch(/^hello\.[A-Za-z0-9_-]{43}$/);
    });

    it('signs the empty value and values holding "." or non-ASCII text', () => {
      const why = hint(4, 'sign any string: the signature goes after the last "."');
      expect(sign('', SECRET), why).toBe(`.${hmac('', SECRET)}`);
      expect(sign('a.b.c', SECRET), why).toBe(`a.b.c.${hmac('a.b.c', SECRET)}`);
      expect(sign('snow ☃', SECRET), why).toBe(`snow ☃.${hmac('snow ☃', SECRET)}`);
    });

    it('gives different signatures for different secrets', () => {
      expect(sign('v', 'secret one')).not.toBe(sign('v', 'secret two'));
    });

    it('refuses an empty secret', () => {
      rejectsSecret(() => sign('v', ''));
    });
  });

  describe('unsign', () => {
    it('returns the value of a correctly signed string', () => {
      const why = hint(4, 'cut at the last ".", sign the value again and compare');
      expect(unsign(sign('hello', SECRET), [SECRET]), why).toBe('hello');
      expect(unsign(sign('', SECRET), [SECRET]), why).toBe('');
    });

    it('returns values that hold "." themselves (the signature is after the last ".")', () => {
      expect(
        unsign(sign('a.b.c', SECRET), [SECRET]),
        hint(4, 'lastIndexOf("."), not indexOf'),
      ).toBe('a.b.c');
    });

    it('rejects a value signed with another secret', () => {
      expect(
        unsign(sign('hello', 'another secret'), [SECRET]),
        hint(4, 'a signature from another secret must not verify'),
      ).toBeUndefined();
    });

    it('rejects a changed value with the old signature', () => {
      const signed = sign('user=alice', SECRET);
      expect(
        unsign(signed.replace('alice', 'admin'), [SECRET]),
        hint(4, 'sign the value you received, never trust the signature alone'),
      ).toBeUndefined();
    });

    it('rejects a string without "."', () => {
      expect(unsign('hello', [SECRET]), hint(4, 'no ".", no signature: undefined')).toBeUndefined();
    });

    it('rejects a truncated signature and an empty one', () => {
      const why = hint(4, 'compare lengths first: timingSafeEqual throws on different lengths');
      const signed = sign('hello', SECRET);
      expect(unsign(signed.slice(0, -1), [SECRET]), why).toBeUndefined();
      expect(unsign('hello.', [SECRET]), why).toBeUndefined();
    });

    it('rejects anything after the signature', () => {
      const why = hint(4, 'the signature must be exactly the expected bytes');
      const signed = sign('hello', SECRET);
      expect(unsign(`${signed}x`, [SECRET]), why).toBeUndefined();
      expect(unsign(`${signed}=`, [SECRET]), why).toBeUndefined();
      expect(unsign(`${signed}.x`, [SECRET]), why).toBeUndefined();
      expect(unsign(`${signed};x`, [SECRET]), why).toBeUndefined();
    });

    it('rejects another spelling of the same signature bits in the last character', () => {
      // 32 bytes take 43 base64 characters; the last one carries 4 bits and 2 padding bits, so
      // comparing decoded bytes would accept 4 spellings. Only the canonical text is valid.
      const signed = sign('hello', SECRET);
      const last = BASE64URL.indexOf(signed.at(-1)!);
      const twin = BASE64URL[last ^ 1]!;
      expect(
        unsign(signed.slice(0, -1) + twin, [SECRET]),
        hint(4, 'compare the base64url strings, not decoded bytes'),
      ).toBeUndefined();
    });

    it('rejects the signature written in standard base64 (+ and /)', () => {
      let value = 0;
      while (!/[-_]/.test(hmac(String(value), SECRET))) value++;
      const std = createHmac('sha256', SECRET).update(String(value)).digest('base64');
      expect(
        unsign(`${value}.${std.replace(/=+$/, '')}`, [SECRET]),
        hint(4, 'only base64url: "+" and "/" are not accepted'),
      ).toBeUndefined();
    });

    it('refuses an empty list of secrets or an empty secret in it', () => {
      rejectsSecret(() => unsign(sign('v', SECRET), []));
      rejectsSecret(() => unsign(sign('v', SECRET), [SECRET, '']));
    });
  });

  describe('key rotation', () => {
    it('verifies a value signed with any secret of the list', () => {
      const secrets = ['new secret', 'old secret', 'older secret'];
      for (const secret of secrets) {
        expect(
          unsign(sign('v', secret), secrets),
          hint(4, 'try every secret of the rotation list'),
        ).toBe('v');
      }
    });

    it('stops verifying a secret once it leaves the list', () => {
      expect(
        unsign(sign('v', 'retired secret'), ['new secret', 'old secret']),
        hint(4, 'verify with the secrets you are given, nothing else'),
      ).toBeUndefined();
    });
  });
});
