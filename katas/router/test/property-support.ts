/**
 * Generators and helpers shared by the router's property specs (not a spec file).
 */
import fc from 'fast-check';
import type { MatchResult } from '../src/index.ts';

/** A result without `steps`: what two routers must agree on. */
export function outcome(result: MatchResult<string>): Record<string, unknown> {
  const { steps: _steps, ...rest } = result;
  if ('params' in rest) return { ...rest, params: { ...rest.params } };
  return rest;
}

// ---- generators -------------------------------------------------------------------------

/** One segment of a pattern; `k` numbers its parameters so equal shapes get equal names. */
export type SegmentKind = 'static' | 'param' | 'template' | 'wildcard';

export const patternArb = (kinds: SegmentKind[], statics: string[]) =>
  fc
    .array(
      fc.record({
        kind: fc.constantFrom(...kinds.filter((k) => k !== 'wildcard')),
        text: fc.constantFrom(...statics),
        sep: fc.constantFrom('-', '.', '~'),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .chain((segments) =>
      fc.record({
        segments: fc.constant(segments),
        wildcard: kinds.includes('wildcard') ? fc.boolean() : fc.constant(false),
      }),
    )
    .map(({ segments, wildcard }) => {
      let k = 0;
      const parts = segments.map((s) => {
        if (s.kind === 'static') return s.text;
        if (s.kind === 'param') return `:p${k++}`;
        const text = `:p${k}${s.sep}:p${k + 1}`;
        k += 2;
        return text;
      });
      if (wildcard) parts.push(`*p${k}`);
      return `/${parts.join('/')}`;
    });

/** Values with any unicode, and the characters that break naive encoders. */
export const valueArb = (minLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      fc.constantFrom('/', '%', '-', '.', '~', ' ', '?', '#', '+', '%2F', '..'),
    ),
    minLength,
    maxLength: 8,
  });

/** Every UTF-8 byte of a character as %XX: a legal spelling a client may use for any character. */
export function encodeFully(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) => `%${b.toString(16).padStart(2, '0')}`)
    .join('');
}
