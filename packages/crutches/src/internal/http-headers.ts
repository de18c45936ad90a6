/**
 * The http-message kata's `Headers` multimap for the crutch. Names and values are validated by
 * node:http's own validators (the ones `res.setHeader` uses), plus the kata's one extra rule: no
 * leading or trailing whitespace in a value.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { HeadersError } from './http-errors.ts';

function checked(name: string, value: string): [string, string] {
  try {
    validateHeaderName(name);
  } catch {
    throw new HeadersError('ERR_HTTP_INVALID_HEADER_NAME', `invalid field name ${name}`);
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    throw new HeadersError('ERR_HTTP_INVALID_HEADER_VALUE', `invalid value for ${name}`);
  }
  if (value !== value.replace(/^[ \t]+|[ \t]+$/g, '')) {
    throw new HeadersError('ERR_HTTP_INVALID_HEADER_VALUE', `${name}: surrounding whitespace`);
  }
  return [name, value];
}

/**
 * The field lines of each Headers, kept outside the instances: a private member would make the
 * class nominal, and the crutch's Headers must be usable where the kata's Headers is expected.
 */
const store = new WeakMap<Headers, Array<[string, string]>>();
const linesOf = (h: Headers): Array<[string, string]> => store.get(h)!;

export class Headers implements Iterable<[name: string, value: string]> {
  constructor(init?: Iterable<readonly [string, string]>) {
    store.set(this, []);
    for (const [name, value] of init ?? []) this.append(name, value);
  }

  /** Lines received from the wire, already validated by llhttp: no second check. */
  static fromWire(flat: readonly string[]): Headers {
    const headers = new Headers();
    for (let i = 0; i + 1 < flat.length; i += 2) linesOf(headers).push([flat[i]!, flat[i + 1]!]);
    return headers;
  }

  get(name: string): string | undefined {
    const all = this.getAll(name);
    if (all.length === 0) return undefined;
    return name.toLowerCase() === 'set-cookie' ? all[0] : all.join(', ');
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return linesOf(this)
      .filter(([n]) => n.toLowerCase() === key)
      .map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  append(name: string, value: string): void {
    linesOf(this).push(checked(name, value));
  }

  set(name: string, value: string): void {
    const line = checked(name, value);
    const key = name.toLowerCase();
    const at = linesOf(this).findIndex(([n]) => n.toLowerCase() === key);
    if (at < 0) {
      linesOf(this).push(line);
      return;
    }
    store.set(
      this,
      linesOf(this).filter(([n], i) => i === at || n.toLowerCase() !== key),
    );
    linesOf(this)[at] = line;
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    store.set(
      this,
      linesOf(this).filter(([n]) => n.toLowerCase() !== key),
    );
  }

  get size(): number {
    return linesOf(this).length;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return linesOf(this)
      .map(([n, v]): [string, string] => [n, v])
      [Symbol.iterator]();
  }
}
