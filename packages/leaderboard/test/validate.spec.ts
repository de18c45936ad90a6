import { describe, expect, it } from 'vitest';
import { cleanText, validateResults } from '../src/validate.ts';
import { json, makeResult } from './make-result.ts';

const good = () =>
  makeResult({
    participant: 'octocat',
    timestamp: '2026-11-24T10:00:00.000Z',
    katas: { 'uri-parser': { score: 62.5 }, 'http-message': { score: 25 } },
  });

function rejects(doc: unknown, reason: RegExp, file = 'results/octocat.json'): void {
  const text = typeof doc === 'string' ? doc : json(doc);
  const v = validateResults(text, file);
  expect(v.ok).toBe(false);
  if (!v.ok) {
    expect(v.error.startsWith(`${file}: `)).toBe(true);
    expect(v.error).toMatch(reason);
  }
}

describe('validateResults', () => {
  it('reads a well-formed results file into the facts the board ranks by', () => {
    const v = validateResults(json(good()), 'r.json');
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.result).toMatchObject({
      participant: 'octocat',
      score: 87.5,
      time: Date.parse('2026-11-24T10:00:00.000Z'),
    });
    expect(v.result.katas.map((k) => [k.slug, k.score, k.stagesCompleted])).toEqual([
      ['uri-parser', 62.5, 2],
      ['http-message', 25, 1],
    ]);
  });

  describe('rejects, naming the file', () => {
    it('truncated JSON', () => rejects(json(good()).slice(0, 200), /not valid JSON/));
    it('an empty file', () => rejects('', /not valid JSON/));
    it('JSON that is not an object', () => rejects('[1,2]', /expected a JSON object/));
    it('an unknown schema version', () =>
      rejects({ ...good(), schema_version: 2 }, /unknown schema_version 2/));
    it('a missing schema version', () =>
      rejects({ ...good(), schema_version: undefined }, /schema_version/));
    it('results graded against the reference instead of the participant', () =>
      rejects({ ...good(), impl: 'reference' }, /only participant results/));
    it('a kata score above its maximum', () => {
      const doc = good() as { katas: Array<{ score: number }>; score: number };
      doc.katas[0]!.score = 1000;
      doc.score = 1025;
      rejects(doc, /katas\[0\]\.score 1000 is above its max_score 100/);
    });
    it('a kata claiming more than the 100 points a kata is worth', () => {
      const doc = good() as {
        katas: Array<{ score: number; max_score: number }>;
        score: number;
        max_score: number;
      };
      doc.katas[0]!.score = 1000;
      doc.katas[0]!.max_score = 1000;
      doc.score = 1025;
      doc.max_score = 1100;
      rejects(doc, /max_score 1000 is above the 100 points/);
    });
    it('a total that is not the sum of the katas', () =>
      rejects({ ...good(), score: 1000, max_score: 1000 }, /is not the sum of the kata/));
    it('a total above the maximum', () => rejects({ ...good(), score: 300 }, /above max_score/));
    it('negative numbers', () => {
      const doc = good() as { katas: Array<{ score: number }>; score: number };
      doc.katas[1]!.score = -25;
      doc.score = 37.5;
      rejects(doc, /katas\[1\]\.score is negative/);
    });
    it('NaN-like and string numbers', () =>
      rejects({ ...good(), score: '87.5' }, /must be a finite number/));
    it('more passed tests than tests in a stage', () => {
      const doc = good() as { katas: Array<{ stages: Array<{ passed: number }> }> };
      doc.katas[0]!.stages[0]!.passed = 99;
      rejects(doc, /passed 99 is more than total 5/);
    });
    it('a 10 MB participant name', () =>
      rejects(
        { ...good(), participant: 'x'.repeat(10 * 1024 * 1024) },
        /participant name is 10485760 characters long/,
      ));
    it('a name made only of invisible characters', () =>
      rejects({ ...good(), participant: '\u200b\u202e \u0000' }, /participant name is empty/));
    it('a date that is not a date', () =>
      rejects({ ...good(), timestamp: 'yesterday' }, /not an ISO 8601 date/));
    it('a slug that could be a path or markup', () => {
      const doc = good() as { katas: Array<{ slug: string }> };
      doc.katas[0]!.slug = '../<script>';
      rejects(doc, /is not a kata slug/);
    });
    it('the same kata twice', () => {
      const doc = good() as { katas: unknown[]; score: number; max_score: number };
      doc.katas = [doc.katas[0], doc.katas[0]];
      doc.score = 125;
      doc.max_score = 200;
      rejects(doc, /appears twice/);
    });
  });

  describe('cleans, with a warning naming the file', () => {
    it('keeps markup in a name as text (renderers escape it) but drops control and bidi characters', () => {
      const v = validateResults(
        json({ ...good(), participant: '<img src=x onerror=alert(1)>\u202e\u0007 **bold**' }),
        'r.json',
      );
      expect(v.ok).toBe(true);
      if (!v.ok) return;
      expect(v.result.participant).toBe('<img src=x onerror=alert(1)> **bold**');
      expect(v.warnings).toEqual(['r.json: participant name cleaned of invisible characters']);
    });
    it('shortens a very long kata title', () => {
      const doc = good() as { katas: Array<{ title: string }> };
      doc.katas[0]!.title = 'T'.repeat(5000);
      const v = validateResults(json(doc), 'r.json');
      expect(v.ok && v.result.katas[0]!.title.length).toBe(120);
      expect(v.ok && v.warnings[0]).toMatch(/^r\.json: katas\[0\]\.title shortened/);
    });
    it('ignores a commit id that is not 40 hex digits', () => {
      const v = validateResults(
        json({ ...good(), git: { commit: '<b>', dirty: false } }),
        'r.json',
      );
      expect(v.ok && v.result.commit).toBeNull();
    });
  });

  it('cleanText normalises to NFC and collapses whitespace', () => {
    expect(cleanText('  Jose\u0301\n\tMari\u0301a  ')).toBe('José María');
  });
});
