import { type ResultFacts, roundPoints } from './validate.ts';

export interface KataColumn {
  slug: string;
  title: string;
  order: number;
  maxScore: number;
}

export interface KataCell {
  score: number;
  maxScore: number;
  stagesCompleted: number;
  stages: number;
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
  stages: number;
  /** Per kata slug, from the submission that first reached the best total. */
  katas: Record<string, KataCell>;
  commit: string | null;
}

export interface Board {
  generatedAt: string;
  maxTotal: number;
  katas: KataColumn[];
  entries: Entry[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Ranks participants by their best total; equal totals are ordered by the earliest time that
 * total was first reached, so finishing first matters. Equal total and equal time share a rank
 * (1, 2, 2, 4). Names are matched case-insensitively (GitHub logins are).
 */
export function aggregate(results: ResultFacts[], now = Date.now()): Board {
  const byName = new Map<string, ResultFacts[]>();
  for (const r of results) {
    const key = r.participant.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(r);
    else byName.set(key, [r]);
  }

  const columns = new Map<string, KataColumn & { seen: number }>();
  for (const r of results) {
    for (const k of r.katas) {
      const col = columns.get(k.slug);
      // The newest result names the column: titles and weights can change during a workshop.
      if (!col || r.time >= col.seen) {
        columns.set(k.slug, {
          slug: k.slug,
          title: k.title,
          order: k.order,
          maxScore: Math.max(k.maxScore, col?.maxScore ?? 0),
          seen: r.time,
        });
      }
    }
  }
  const katas = [...columns.values()]
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map(({ seen: _seen, ...c }) => c);

  const entries = [...byName.values()].map((list) => entryFor(list));
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
  return {
    generatedAt: iso(now),
    maxTotal: roundPoints(katas.reduce((s, k) => s + k.maxScore, 0)),
    katas,
    entries,
  };
}

function entryFor(list: ResultFacts[]): Entry {
  // Chronological; equal times keep the higher score first, so it counts as reached then.
  const sorted = [...list].sort((a, b) => a.time - b.time || b.score - a.score);
  let best: ResultFacts = sorted[0]!;
  const bestPerKata = new Map<string, number>();
  let lastImprovement = best.time;
  for (const r of sorted) {
    if (r.score > best.score) best = r;
    for (const k of r.katas) {
      const before = bestPerKata.get(k.slug);
      if (before === undefined || k.score > before) {
        bestPerKata.set(k.slug, k.score);
        if (before !== undefined || k.score > 0)
          lastImprovement = Math.max(lastImprovement, r.time);
      }
    }
  }
  const last = sorted[sorted.length - 1]!;
  const katas: Record<string, KataCell> = {};
  for (const k of best.katas) {
    katas[k.slug] = {
      score: k.score,
      maxScore: k.maxScore,
      stagesCompleted: k.stagesCompleted,
      stages: k.stages.length,
    };
  }
  return {
    rank: 0,
    // The newest spelling of the name is the one shown.
    participant: last.participant,
    total: best.score,
    reachedAt: iso(best.time),
    lastImprovement: iso(lastImprovement),
    lastSubmission: iso(last.time),
    submissions: sorted.length,
    stagesCompleted: best.katas.reduce((s, k) => s + k.stagesCompleted, 0),
    stages: best.katas.reduce((s, k) => s + k.stages.length, 0),
    katas,
    commit: best.commit,
  };
}
