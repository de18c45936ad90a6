import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCopies,
  comparePair,
  comparePairs,
  DEFAULT_COMPARE,
  IDENT,
  LITERAL,
  profile,
  type Token,
  tokenize,
  winnow,
} from '../src/index.ts';
import { FIXTURES, ROOT } from './measure.ts';

const kinds = (text: string) => tokenize(text).map((t) => t.kind);

describe('tokenize', () => {
  it('abstracts identifiers and literals, drops comments, whitespace, ; and ,', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as test input
    const a = kinds('const total = add(1, "two"); // sum\nlet x = `a${b}c`;');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as test input
    const b = kinds("/* renamed */ var   sum=plus(42,\n'x')\nconst y = `${z}`");
    expect(a).toEqual(b);
    expect(a).toContain(IDENT);
    expect(a).toContain(LITERAL);
  });

  it('keeps keywords and operators: a different shape is a different stream', () => {
    expect(kinds('if (a) return b')).not.toEqual(kinds('while (a) return b'));
    expect(kinds('a + b')).not.toEqual(kinds('a - b'));
  });

  it('reads regular expressions and nested templates as literals, division as an operator', () => {
    expect(kinds('x = /a+b/g.test(y)')).toEqual(kinds('x = "s".test(y)'));
    expect(kinds('x = a / b / c')).not.toEqual(kinds('x = a'));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as test input
    expect(kinds('`a${`b${c}`}d`')).toEqual([LITERAL, LITERAL, IDENT, LITERAL, LITERAL]);
  });

  it('records the line of each token', () => {
    expect(tokenize('a\n\n/* x\n */ b').map((t) => t.line)).toEqual([1, 4]);
  });
});

describe('winnow', () => {
  const random = (n: number, seed: number): Token[] => {
    let s = seed;
    return Array.from({ length: n }, () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return { kind: (s >>> 16) % 40, line: 1 };
    });
  };

  it('finds any shared run of w + k - 1 tokens, whatever surrounds it', () => {
    const { k, w } = DEFAULT_COMPARE;
    for (let seed = 1; seed <= 30; seed++) {
      const run = random(w + k - 1, seed);
      const a = [...random(50 + seed, seed + 100), ...run, ...random(40, seed + 200)];
      const b = [...random(7 * seed, seed + 300), ...run, ...random(9, seed + 400)];
      const ha = new Set(winnow(a).map((f) => f.hash));
      expect(
        winnow(b).some((f) => ha.has(f.hash)),
        `seed ${seed}`,
      ).toBe(true);
    }
  });

  it('keeps far fewer hashes than k-grams (about 2 / (w + 1))', () => {
    const tokens = random(5000, 7);
    const kept = winnow(tokens).length;
    expect(kept).toBeLessThan(5000 / 3);
    expect(kept).toBeGreaterThan(5000 / 10);
  });
});

describe('comparePairs', () => {
  it('finds through the index exactly the pairs a brute-force comparison finds', () => {
    const texts = [
      'function f(a) { for (const x of a) { if (x > 1) { total += x * 2; } else { total -= x; } } return total; }',
      'function g(b) { for (const y of b) { if (y > 3) { sum += y * 7; } else { sum -= y; } } return sum; }',
      'class A { m() { while (true) { try { go(); } catch (e) { break; } } } }',
      'export const k = () => new Map([[1, 2]]).get(1) ?? fallback(1, 2, 3) ?? other.thing.call(this)',
    ];
    const options = { ...DEFAULT_COMPARE, k: 5, w: 3, minShared: 1 };
    const profiles = texts.map((text, i) =>
      profile({ name: `p${i}`, kata: 'k', files: [{ path: 'a.ts', text }] }, new Set(), options),
    );
    const fast = comparePairs(profiles, options).map((p) => `${p.a}-${p.b}:${p.shared}`);
    const slow: string[] = [];
    for (let i = 0; i < profiles.length; i++)
      for (let j = i + 1; j < profiles.length; j++) {
        const p = comparePair(profiles[i]!, profiles[j]!, options);
        if (p.shared > 0) slow.push(`${p.a}-${p.b}:${p.shared}`);
      }
    expect(fast.sort()).toEqual(slow.sort());
    expect(fast.some((p) => p.startsWith('p0-p1'))).toBe(true);
  });
});

describe('checkCopies over checkouts', () => {
  it('flags the two participants who share a uri-parser, not the third, and not the stub', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbu-copy-'));
    try {
      const put = (who: string, style: string | null) => {
        const src = join(dir, who, 'katas/uri-parser/src');
        mkdirSync(src, { recursive: true });
        if (style) cpSync(join(FIXTURES, 'uri-parser', style), src, { recursive: true });
        else cpSync(join(ROOT, 'katas/uri-parser/src'), src, { recursive: true });
      };
      put('ann', 'regex-driven');
      put('bob', 'regex-driven');
      put('cy', 'table-driven');
      put('dee', null);
      put('eve', null);
      writeFileSync(join(dir, 'bob/katas/uri-parser/src/extra.ts'), 'export const note = 1;\n');
      const report = checkCopies({
        repository: ROOT,
        katas: ['uri-parser'],
        checkouts: ['ann', 'bob', 'cy', 'dee', 'eve'].map((name) => ({
          name,
          dir: join(dir, name),
        })),
      });
      const flagged = report.pairs.filter((p) => p.flagged).map((p) => `${p.a}~${p.b}`);
      expect(flagged).toEqual(['ann~bob']);
      expect(report.pairs[0]!.matches.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
