import { buildResults, fixtureCourse, type ResultsFacts } from '@hbu/results';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate.ts';
import { validateResults } from '../src/validate.ts';

const facts = (spec: ResultsFacts) => {
  const course = fixtureCourse(Object.keys(spec.katas));
  const v = validateResults(
    JSON.stringify(buildResults({ ...spec, course })),
    `${spec.participant}.json`,
    {
      course,
    },
  );
  if (!v.ok) throw new Error(v.error);
  return v.result;
};
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();

describe('aggregate', () => {
  it('ranks by best total, highest first', () => {
    const board = aggregate([
      facts({ participant: 'ann', timestamp: at(5), katas: { a: { score: 50 } } }),
      facts({ participant: 'bob', timestamp: at(1), katas: { a: { score: 75 } } }),
      facts({ participant: 'cy', timestamp: at(2), katas: { a: { score: 25 } } }),
    ]);
    expect(board.entries.map((e) => [e.rank, e.participant, e.total])).toEqual([
      [1, 'bob', 75],
      [2, 'ann', 50],
      [3, 'cy', 25],
    ]);
  });

  it('breaks a tie by the earliest time the total was FIRST reached, not the latest submission', () => {
    const board = aggregate([
      // ann reached 100 at minute 10, then re-submitted the same total at minute 50.
      facts({ participant: 'ann', timestamp: at(10), katas: { a: { score: 100 } } }),
      facts({ participant: 'ann', timestamp: at(50), katas: { a: { score: 100 } } }),
      // bob reached 100 at minute 20.
      facts({ participant: 'bob', timestamp: at(20), katas: { a: { score: 100 } } }),
    ]);
    expect(board.entries.map((e) => [e.rank, e.participant, e.reachedAt])).toEqual([
      [1, 'ann', at(10)],
      [2, 'bob', at(20)],
    ]);
    expect(board.entries[0]!.lastSubmission).toBe(at(50));
    expect(board.entries[0]!.submissions).toBe(2);
  });

  it('keeps the best total when a later submission regresses', () => {
    const board = aggregate([
      facts({ participant: 'ann', timestamp: at(1), katas: { a: { score: 75 }, b: { score: 0 } } }),
      facts({
        participant: 'ann',
        timestamp: at(9),
        katas: { a: { score: 25 }, b: { score: 25 } },
      }),
    ]);
    const [ann] = board.entries;
    expect(ann).toMatchObject({ total: 75, reachedAt: at(1), lastImprovement: at(9) });
    expect(ann!.katas).toEqual({
      a: { score: 75, maxScore: 100, stagesCompleted: 3, stages: 4 },
      b: { score: 0, maxScore: 100, stagesCompleted: 0, stages: 4 },
    });
    expect(ann!.stagesCompleted).toBe(3);
  });

  it('gives the same rank to an exact tie in total and time (1, 2, 2, 4)', () => {
    const board = aggregate([
      facts({ participant: 'a', timestamp: at(1), katas: { k: { score: 90 } } }),
      facts({ participant: 'b', timestamp: at(2), katas: { k: { score: 50 } } }),
      facts({ participant: 'c', timestamp: at(2), katas: { k: { score: 50 } } }),
      facts({ participant: 'd', timestamp: at(3), katas: { k: { score: 10 } } }),
    ]);
    expect(board.entries.map((e) => e.rank)).toEqual([1, 2, 2, 4]);
  });

  it('treats names that differ only in case as one participant and shows the newest spelling', () => {
    const board = aggregate([
      facts({ participant: 'OctoCat', timestamp: at(1), katas: { k: { score: 10 } } }),
      facts({ participant: 'octocat', timestamp: at(2), katas: { k: { score: 20 } } }),
    ]);
    expect(board.entries).toHaveLength(1);
    expect(board.entries[0]).toMatchObject({ participant: 'octocat', total: 20 });
  });

  it('orders kata columns by course order and sums their maxima', () => {
    const board = aggregate([
      facts({
        participant: 'a',
        timestamp: at(1),
        katas: { router: { score: 1, order: 7 }, 'uri-parser': { score: 2, order: 1 } },
      }),
    ]);
    expect(board.katas.map((k) => k.slug)).toEqual(['uri-parser', 'router']);
    expect(board.maxTotal).toBe(200);
  });

  it('is empty, not broken, with no results', () => {
    expect(aggregate([], 0)).toEqual({
      generatedAt: '1970-01-01T00:00:00.000Z',
      maxTotal: 0,
      stages: 0,
      katas: [],
      entries: [],
      recent: [],
    });
  });
});
