import { roundPoints } from './validate.ts';

/** What ranking needs of one kata of a result: a stage count, not the stages. */
export interface KataRank {
  slug: string;
  title: string;
  order: number;
  score: number;
  maxScore: number;
  stagesCompleted: number;
  stages: number | readonly unknown[];
}

/** What ranking needs of one result (a validated ResultFacts has it; the facts cache keeps only this). */
export interface RankFacts {
  participant: string;
  time: number;
  commit: string | null;
  score: number;
  katas: KataRank[];
}

const stageCount = (k: KataRank): number =>
  typeof k.stages === 'number' ? k.stages : k.stages.length;

/**
 * A column of the board: a kata of the course as the leaderboard labels it (from katas.json and
 * the kata's kata.json). Not the trusted course results are validated against (`CourseKata` of
 * @hbu/results): this one is only about labels and column order.
 */
export interface CourseColumn {
  slug: string;
  title: string;
  /** The column label, ≤ 12 characters (katas.json `short`). */
  short: string;
  order: number;
  /** Stages in the kata's kata.json, so "stages completed" is counted over the whole course. */
  stages: number;
  maxScore: number;
}

export interface KataColumn {
  slug: string;
  title: string;
  short: string;
  order: number;
  maxScore: number;
  /** The kata's stage count: the course's, or the most any result reported. */
  stages: number;
}

export interface KataCell {
  score: number;
  maxScore: number;
  stagesCompleted: number;
  stages: number;
}

/** One step up on the ticker: a kata's best score went up. */
export interface Improvement {
  participant: string;
  at: string;
  slug: string;
  /** The kata's best before (null: first graded) and after. */
  from: number | null;
  to: number;
}

export interface Entry {
  rank: number;
  participant: string;
  total: number;
  /** ISO time the participant's best total was first reached: the tie-break. */
  reachedAt: string;
  /** ISO time a kata's best score last went up (any kata, any submission). */
  lastImprovement: string;
  lastSubmission: string;
  submissions: number;
  stagesCompleted: number;
  /** Stages in the whole course (every column), the same for every participant. */
  stages: number;
  /** Per kata slug, from the submission that first reached the best total; absent: ungraded. */
  katas: Record<string, KataCell>;
  commit: string | null;
}

export interface Board {
  generatedAt: string;
  maxTotal: number;
  /** Stages in the whole course. */
  stages: number;
  katas: KataColumn[];
  entries: Entry[];
  /** The latest improvements, newest first (the projector's ticker). */
  recent: Improvement[];
}

export interface AggregateOptions {
  now?: number;
  /** The course (katas.json): its katas are columns even before anyone is graded on them. */
  course?: CourseColumn[];
  /** How many improvements the ticker keeps. */
  recent?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Ranks participants by their best total; equal totals are ordered by the earliest time that
 * total was first reached, so finishing first matters. Equal total and equal time share a rank
 * (1, 2, 2, 4). Names are matched case-insensitively (GitHub logins are).
 */
export function aggregate(results: RankFacts[], options: AggregateOptions | number = {}): Board {
  const opts = typeof options === 'number' ? { now: options } : options;
  const now = opts.now ?? Date.now();
  const keep = opts.recent ?? 12;
  const byName = new Map<string, RankFacts[]>();
  for (const r of results) {
    const key = r.participant.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(r);
    else byName.set(key, [r]);
  }

  const katas = columnsOf(results, opts.course ?? []);
  const stages = katas.reduce((s, k) => s + k.stages, 0);
  const recent: Improvement[] = [];
  const entries = [...byName.values()].map((list) => entryFor(list, stages, recent, keep));
  entries.sort(
    (a, b) =>
      b.total - a.total ||
      a.reachedAt.localeCompare(b.reachedAt) ||
      a.participant.localeCompare(b.participant),
  );
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    e.rank = prev && prev.total === e.total && prev.reachedAt === e.reachedAt ? prev.rank : i + 1;
  });
  recent.sort((a, b) => b.at.localeCompare(a.at) || a.participant.localeCompare(b.participant));
  return {
    generatedAt: iso(now),
    maxTotal: roundPoints(katas.reduce((s, k) => s + k.maxScore, 0)),
    stages,
    katas,
    entries,
    recent: recent.slice(0, keep),
  };
}

function columnsOf(results: RankFacts[], course: CourseColumn[]): KataColumn[] {
  const columns = new Map<string, KataColumn & { seen: number }>();
  for (const c of course) columns.set(c.slug, { ...c, seen: Number.POSITIVE_INFINITY });
  for (const r of results) {
    for (const k of r.katas) {
      const col = columns.get(k.slug);
      if (col && col.seen === Number.POSITIVE_INFINITY) {
        // The course names its own katas; results only widen the stage count and maximum.
        col.stages = Math.max(col.stages, stageCount(k));
        col.maxScore = Math.max(col.maxScore, k.maxScore);
      } else if (!col || r.time >= col.seen) {
        // The newest result names a column outside the course: titles can change during a workshop.
        columns.set(k.slug, {
          slug: k.slug,
          title: k.title,
          short: k.slug.slice(0, 12),
          order: k.order,
          maxScore: Math.max(k.maxScore, col?.maxScore ?? 0),
          stages: Math.max(stageCount(k), col?.stages ?? 0),
          seen: r.time,
        });
      } else {
        col.maxScore = Math.max(col.maxScore, k.maxScore);
        col.stages = Math.max(col.stages, stageCount(k));
      }
    }
  }
  return [...columns.values()]
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map(({ seen: _seen, ...c }) => c);
}

function entryFor(
  list: RankFacts[],
  courseStages: number,
  recent: Improvement[],
  keep: number,
): Entry {
  // Chronological; equal times keep the higher score first, so it counts as reached then.
  const sorted = [...list].sort((a, b) => a.time - b.time || b.score - a.score);
  const last = sorted[sorted.length - 1]!;
  let best: RankFacts = sorted[0]!;
  const bestPerKata = new Map<string, number>();
  let lastImprovement = best.time;
  const steps: Array<Omit<Improvement, 'participant'>> = [];
  for (const r of sorted) {
    if (r.score > best.score) best = r;
    for (const k of r.katas) {
      const before = bestPerKata.get(k.slug);
      if (before === undefined || k.score > before) {
        bestPerKata.set(k.slug, k.score);
        if (before !== undefined || k.score > 0) {
          lastImprovement = Math.max(lastImprovement, r.time);
          steps.push({ at: iso(r.time), slug: k.slug, from: before ?? null, to: k.score });
          if (steps.length > keep) steps.shift();
        }
      }
    }
  }
  // The newest spelling of the name is the one shown.
  for (const s of steps) recent.push({ participant: last.participant, ...s });
  const katas: Record<string, KataCell> = {};
  for (const k of best.katas) {
    katas[k.slug] = {
      score: k.score,
      maxScore: k.maxScore,
      stagesCompleted: k.stagesCompleted,
      stages: stageCount(k),
    };
  }
  return {
    rank: 0,
    participant: last.participant,
    total: best.score,
    reachedAt: iso(best.time),
    lastImprovement: iso(lastImprovement),
    lastSubmission: iso(last.time),
    submissions: sorted.length,
    stagesCompleted: best.katas.reduce((s, k) => s + k.stagesCompleted, 0),
    stages: courseStages,
    katas,
    commit: best.commit,
  };
}
