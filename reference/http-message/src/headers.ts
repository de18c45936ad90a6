/**
 * Headers: an ordered, case-insensitive multimap of field lines (RFC 9110 §5.2, §5.3).
 *
 * Stored flat — names in one array, values in another — in received order, so iteration gives
 * the lines back exactly as they came, original case included. Lower-cased names are computed
 * only when someone looks a field up: a proxy that just forwards never pays for them.
 */
import * as chars from './chars.ts';
import { HeadersError } from './errors.ts';

// Module-local copies: a hot loop should not go through a module namespace (or a
// bundler's export getter) for every byte.
const FIELD_BYTE = chars.FIELD_BYTE;
const HTAB = chars.HTAB;
const SP = chars.SP;
const TCHAR = chars.TCHAR;

/** field-name = token (RFC 9110 §5.1). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || TCHAR[c] === 0) return false;
  }
  return true;
}

/**
 * field-value   = *field-content
 * field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 * i.e. no CR, LF, NUL or other CTL, and no whitespace at either end (RFC 9110 §5.5).
 */
export function isFieldValue(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first === SP || first === HTAB || last === SP || last === HTAB) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || FIELD_BYTE[c] === 0) return false;
  }
  return true;
}

export class Headers implements Iterable<[name: string, value: string]> {
  /** Field names as given. */
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** names[i].toLowerCase(), filled lazily up to names.length. */
  private readonly lowered: string[] = [];

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init !== undefined) for (const [name, value] of init) this.append(name, value);
  }

  /**
   * Appends without validation: for the parser, which has already checked every byte.
   * @internal
   */
  static unsafeAppend(headers: Headers, name: string, value: string): void {
    headers.names.push(name);
    headers.values.push(value);
  }

  private lowerAt(i: number): string {
    const lowered = this.lowered;
    while (lowered.length <= i) lowered.push(this.names[lowered.length]!.toLowerCase());
    return lowered[i]!;
  }

  /**
   * All values of `name` combined with ", " (RFC 9110 §5.3). Set-Cookie is the exception the
   * RFC names: its values contain commas (in dates) and can never be combined (RFC 6265 §3),
   * so `get` returns the first one and `getAll` is the way to read them.
   */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    let out: string | undefined;
    for (let i = 0; i < this.names.length; i++) {
      if (this.lowerAt(i) !== key) continue;
      if (out === undefined) {
        out = this.values[i]!;
        if (key === 'set-cookie') return out;
      } else {
        out = `${out}, ${this.values[i]!}`;
      }
    }
    return out;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.names.length; i++)
      if (this.lowerAt(i) === key) out.push(this.values[i]!);
    return out;
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    for (let i = 0; i < this.names.length; i++) if (this.lowerAt(i) === key) return true;
    return false;
  }

  append(name: string, value: string): void {
    check(name, value);
    this.names.push(name);
    this.values.push(value);
  }

  /** Replaces every line of `name` by one, at the position of the first (or at the end). */
  set(name: string, value: string): void {
    check(name, value);
    const key = name.toLowerCase();
    let at = -1;
    for (let i = 0; i < this.names.length; i++) {
      if (this.lowerAt(i) !== key) continue;
      if (at === -1) at = i;
    }
    if (at === -1) {
      this.names.push(name);
      this.values.push(value);
      return;
    }
    this.names[at] = name;
    this.values[at] = value;
    this.remove(key, at + 1);
  }

  delete(name: string): void {
    this.remove(name.toLowerCase(), 0);
  }

  /** Removes every line named `key` (lower case) at index ≥ from. */
  private remove(key: string, from: number): void {
    let w = from;
    for (let r = from; r < this.names.length; r++) {
      const lowered = this.lowerAt(r);
      if (lowered === key) continue;
      this.names[w] = this.names[r]!;
      this.values[w] = this.values[r]!;
      this.lowered[w] = lowered;
      w++;
    }
    this.names.length = w;
    this.values.length = w;
    this.lowered.length = w;
  }

  get size(): number {
    return this.names.length;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i]!, this.values[i]!];
  }
}

function check(name: string, value: string): void {
  if (!isToken(name)) throw new HeadersError('ERR_HTTP_INVALID_HEADER_NAME');
  if (!isFieldValue(value)) throw new HeadersError('ERR_HTTP_INVALID_HEADER_VALUE');
}
