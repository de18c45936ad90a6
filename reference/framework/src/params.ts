/**
 * Name → values, in the order received, for the query and for urlencoded forms. A Map, never a
 * plain object: `__proto__` and `constructor` are names like any other here (qs, CVE-2022-24999).
 */
import { parseQuery } from './prereqs.ts';
import type { Params } from './types.ts';

export class ParamList implements Params {
  readonly #pairs: [string, string][];
  readonly #byName = new Map<string, string[]>();

  constructor(pairs: [string, string][]) {
    this.#pairs = pairs;
    for (const [name, value] of pairs) {
      const values = this.#byName.get(name);
      if (values === undefined) this.#byName.set(name, [value]);
      else values.push(value);
    }
  }

  static fromQuery(query: string): ParamList {
    return new ParamList(query === '' ? [] : parseQuery(query));
  }

  get(name: string): string | undefined {
    return this.#byName.get(name)?.[0];
  }

  getAll(name: string): string[] {
    return [...(this.#byName.get(name) ?? [])];
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  keys(): string[] {
    return [...this.#byName.keys()];
  }

  pairs(): [string, string][] {
    return this.#pairs.map(([n, v]) => [n, v]);
  }
}

/**
 * Content negotiation (RFC 9110 §12.5.1): the first of `offered` (media types, most preferred
 * first) that the Accept field permits, with the highest q; undefined when none is acceptable.
 * No Accept field accepts anything. More specific ranges override less specific ones.
 */
export function accepts(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = accept.split(',').flatMap((part) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    if (range === '') return [];
    let q = 1;
    for (const p of params) {
      const m = /^q=([01](?:\.\d{0,3})?)$/i.exec(p);
      if (m !== null) q = Number(m[1]);
    }
    return [{ range: range.toLowerCase(), q }];
  });
  let best: string | undefined;
  let bestQ = 0;
  for (const type of offered) {
    const t = type.toLowerCase();
    const [major] = t.split('/');
    let q = -1;
    let specificity = -1;
    for (const { range, q: rq } of ranges) {
      const s = range === t ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
      if (s > specificity) {
        specificity = s;
        q = rq;
      }
    }
    if (q > bestQ) {
      best = type;
      bestQ = q;
    }
  }
  return best;
}
