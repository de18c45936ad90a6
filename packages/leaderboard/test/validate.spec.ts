import { buildResults, type Results, readCourse } from '@hbu/results';
import { describe, expect, it } from 'vitest';
import { ownRoot } from '../src/build.ts';
import { cleanText, validateResults } from '../src/validate.ts';

/** The trusted course: this checkout's katas.json and kata.json files. */
const course = readCourse(ownRoot);
const good = (): Results =>
  buildResults({
    course,
    participant: 'octocat',
    timestamp: '2026-11-24T10:00:00.000Z',
    katas: { 'uri-parser': { score: 62.5 }, 'http-message': { score: 25 } },
  });

function rejects(
  doc: unknown,
  reason: RegExp,
  file = 'results/octocat.json',
  context: { requireSandbox?: boolean; requireCommit?: boolean } = {},
): void {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const v = validateResults(text, file, { course, ...context });
  expect(v.ok, v.ok ? 'accepted' : v.error).toBe(false);
  if (!v.ok) {
    expect(v.error.startsWith(`${file}: `)).toBe(true);
    expect(v.error).toMatch(reason);
  }
}

/** A copy of good() with one change made by `edit`. */
const forged = (edit: (doc: Results) => void): Results => {
  const doc = good();
  edit(doc);
  return doc;
};

describe('validateResults', () => {
  it('reads a well-formed results file into the facts the board ranks by', () => {
    const v = validateResults(JSON.stringify(good()), 'r.json', { course, requireSandbox: true });
    expect(v.ok, v.ok ? '' : v.error).toBe(true);
    if (!v.ok) return;
    expect(v.result).toMatchObject({
      participant: 'octocat',
      score: 87.5,
      time: Date.parse('2026-11-24T10:00:00.000Z'),
    });
    expect(v.result.katas.map((k) => [k.slug, k.score])).toEqual([
      ['uri-parser', 62.5],
      ['http-message', 25],
    ]);
  });

  describe('rejects forgeries that do not add up against the trusted course (issue #11, attack 2)', () => {
    it('64 invented katas at 100 points each', () => {
      const invented = Object.fromEntries(
        Array.from({ length: 64 }, (_, i) => [`kata-${i}`, { score: 100 }]),
      );
      rejects(buildResults({ katas: invented }), /not a kata of this course/);
    });
    it('a tampered kata that still scores 100', () => {
      const doc = buildResults({ course, katas: { 'uri-parser': { score: 100 } } });
      doc.katas[0]!.status = 'tampered';
      rejects(doc, /status tampered with score 100|score .* but .* is 0/);
    });
    it('a null commit where a commit is required', () =>
      rejects(
        forged((d) => {
          d.git.commit = null;
        }),
        /git\.commit is null/,
        'r.json',
        { requireCommit: true },
      ));
    it('an unsandboxed run where only sandboxed ones count', () =>
      rejects(
        forged((d) => {
          d.sandbox = false;
        }),
        /outside the sandbox/,
        'r.json',
        { requireSandbox: true },
      ));
    it('a kata worth more than its stage weights', () =>
      rejects(
        forged((d) => {
          d.katas[0]!.max_score = 200;
          d.max_score += 100;
        }),
        /stage weights sum to 100/,
      ));
    it('a stage score that its pass count does not pay for', () =>
      rejects(
        forged((d) => {
          d.katas[0]!.stages[7]!.score = d.katas[0]!.stages[7]!.max_score;
        }),
        /stages\[7\]: score/,
      ));
    it('a kata score that is not the sum of its stages', () =>
      rejects(
        forged((d) => {
          d.katas[0]!.score = 100;
          d.score = 125;
        }),
        /not the sum of its stages/,
      ));
    it('a total that is not the sum of the katas', () =>
      rejects(
        forged((d) => {
          d.score = 187.5;
          d.max_score = 300;
        }),
        /not the sum of the katas/,
      ));
    it('pass counts that the test list does not back', () =>
      rejects(
        forged((d) => {
          d.tests = d.tests.filter((t) => t.status !== 'fail');
        }),
        /its tests/,
      ));
    it('the same kata twice', () =>
      rejects(
        forged((d) => {
          d.katas.push(d.katas[0]!);
          d.score += d.katas[0]!.score;
          d.max_score += 100;
        }),
        /appears twice/,
      ));
  });

  describe('rejects, naming the file', () => {
    it('truncated JSON', () => rejects(JSON.stringify(good()).slice(0, 200), /not valid JSON/));
    it('an empty file', () => rejects('', /not valid JSON/));
    it('JSON that is not an object', () => rejects('[1,2]', /results schema/));
    it('an unknown schema version', () =>
      rejects({ ...good(), schema_version: 99 }, /schema_version/));
    it('a field the schema does not have', () =>
      rejects({ ...good(), bonus: 1000 }, /results schema/));
    it('results graded against the reference instead of the participant', () =>
      rejects({ ...good(), impl: 'reference' }, /only participant results/));
    it('negative numbers and strings for numbers', () => {
      rejects({ ...good(), score: -1 }, /results schema/);
      rejects({ ...good(), score: '87.5' }, /results schema/);
    });
    it('a 10 MB participant name', () =>
      rejects({ ...good(), participant: 'x'.repeat(10 * 1024 * 1024) }, /results schema/));
    it('a flagged list beyond its bound', () =>
      rejects(
        forged((d) => {
          d.katas[0]!.flagged = Array.from({ length: 5000 }, () => 'x');
        }),
        /results schema/,
      ));
    it('a name made only of invisible characters', () =>
      rejects({ ...good(), participant: '\u200b\u202e \u0000' }, /participant name is empty/));
    it('a date that is not a date', () =>
      rejects({ ...good(), timestamp: 'yesterday' }, /results schema/));
    it('a slug that could be a path or markup', () =>
      rejects(
        forged((d) => {
          d.katas[0]!.slug = '../<script>';
        }),
        /results schema/,
      ));
  });

  describe('cleans, with a warning naming the file', () => {
    it('keeps markup in a name as text (renderers escape it) but drops control and bidi characters', () => {
      const v = validateResults(
        JSON.stringify({
          ...good(),
          participant: '<img src=x onerror=alert(1)>\u202e\u0007 **bold**',
        }),
        'r.json',
        { course },
      );
      expect(v.ok).toBe(true);
      if (!v.ok) return;
      expect(v.result.participant).toBe('<img src=x onerror=alert(1)> **bold**');
      expect(v.warnings).toEqual(['r.json: participant name cleaned of invisible characters']);
    });
    it('shortens a long kata title', () => {
      const doc = forged((d) => {
        d.katas[0]!.title = 'T'.repeat(400);
      });
      const v = validateResults(JSON.stringify(doc), 'r.json', { course });
      expect(v.ok && v.result.katas[0]!.title.length).toBe(120);
      expect(v.ok && v.warnings[0]).toMatch(/^r\.json: katas\[0\]\.title shortened/);
    });
  });

  it('cleanText normalises to NFC and collapses whitespace', () => {
    expect(cleanText('  Jose\u0301\n\tMari\u0301a  ')).toBe('José María');
  });
});
