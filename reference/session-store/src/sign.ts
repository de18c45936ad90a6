import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignError } from './errors.ts';

/**
 * Signed values: `value "." base64url(HMAC-SHA256(secret, value))`, without padding (43
 * characters, all of them cookie-octets).
 *
 * A signature proves the server produced the value; it does not hide it (anyone can read the
 * value before the "."), and it does not make it fresh (a stolen signed value stays valid until
 * the server forgets it). See README "What signing protects".
 */

const SIGNATURE_LENGTH = 43;

/** Signs with one secret: the first of the rotation list, in practice. */
export function sign(value: string, secret: string): string {
  if (secret === '') throw new SignError('ERR_SIGN_NO_SECRET', 'a secret is required');
  return `${value}.${mac(value, secret)}`;
}

/**
 * Returns the value when its signature matches one of `secrets`, undefined otherwise.
 *
 * - Rotation: a new secret goes first (it signs), old ones stay behind it (they still verify),
 *   and are removed once every cookie they signed has expired.
 * - The signature is the last "."-separated part and must be exactly 43 characters, so nothing
 *   can trail it.
 * - Comparison is crypto.timingSafeEqual over the base64url text: comparing decoded bytes would
 *   accept several spellings of the last character, and `===` stops at the first differing
 *   character, which lets an attacker learn a valid signature one character at a time.
 */
export function unsign(signed: string, secrets: readonly string[]): string | undefined {
  if (secrets.length === 0 || secrets.includes('')) {
    throw new SignError('ERR_SIGN_NO_SECRET', 'at least one non-empty secret is required');
  }
  const dot = signed.lastIndexOf('.');
  if (dot === -1) return undefined;
  const given = Buffer.from(signed.slice(dot + 1));
  if (given.length !== SIGNATURE_LENGTH) return undefined;
  const value = signed.slice(0, dot);
  let valid = false;
  // Every secret is tried (no early exit), so timing does not tell which one matched either.
  for (const secret of secrets) {
    if (timingSafeEqual(Buffer.from(mac(value, secret)), given)) valid = true;
  }
  return valid ? value : undefined;
}

function mac(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}
