import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATAS, measure, ROOT, table } from './measure.ts';

const hasReference = KATAS.every((slug) => existsSync(join(ROOT, 'reference', slug, 'src')));

describe('copy detection on the five katas', () => {
  const rows = measure();

  it('covers every kata with the reference and two independent implementations', () => {
    expect(KATAS).toEqual([
      'http-message',
      'router',
      'session-store',
      'static-server',
      'uri-parser',
    ]);
    for (const slug of KATAS) {
      const independent = rows.filter((r) => r.kata === slug && r.kind === 'independent');
      // Three implementations (reference + two) make three pairs; two without the reference.
      expect(independent.length).toBe(hasReference ? 3 : 1);
    }
  });

  it.skipIf(!hasReference)(
    'flags the reference renamed, reordered and reformatted, for every kata',
    () => {
      const ref = rows.filter((r) => r.kind === 'disguised' && r.pair.b === 'reference');
      expect(ref.map((r) => r.kata)).toEqual(KATAS);
      for (const r of ref) expect(r.pair.flagged, `${r.kata}\n${table([r])}`).toBe(true);
    },
  );

  it('flags every disguised copy of every implementation', () => {
    for (const r of rows.filter((x) => x.kind === 'disguised')) {
      expect(r.pair.flagged, table([r])).toBe(true);
      expect(r.pair.similarity).toBeGreaterThan(0.6);
    }
  });

  it('flags no pair of independently written implementations', () => {
    for (const r of rows.filter((x) => x.kind === 'independent')) {
      expect(r.pair.flagged, table([r])).toBe(false);
      expect(r.pair.similarity).toBeLessThan(0.25);
    }
  });
});
