/**
 * Reads one grader results file into the few facts the leaderboard ranks by, and refuses anything
 * it cannot trust.
 *
 * A results file is participant-reachable data: in a workshop it comes from a pull request's run.
 * The shape is checked by the results contract (@hbu/results: one zod schema), and the content
 * against the TRUSTED course this board is built for (katas.json and each kata.json of the
 * board's own checkout): known katas only, each worth what its weights say, stages and sums that
 * add up, statuses consistent with scores. A file that claims more than the katas can give is
 * rejected, never clamped. Every string that reaches a page is cleaned.
 */
import { LIMITS as CONTRACT, type CourseKata, parseResults, SCHEMA_VERSION } from '@hbu/results';

export { SCHEMA_VERSION };
/** A kata's stage weights add up to 100 (CONTRIBUTING.md). */
export const MAX_KATA_POINTS = 100;
/** Limits that keep one hostile file from swamping a page or the process. */
export const LIMITS = {
  fileBytes: CONTRACT.fileBytes,
  participantChars: 100,
  titleChars: 120,
  katas: CONTRACT.katas,
  stagesPerKata: CONTRACT.stages,
} as const;

export interface StageFacts {
  id: number;
  title: string;
  score: number;
  maxScore: number;
  passed: number;
  total: number;
}

export interface KataFacts {
  slug: string;
  title: string;
  order: number;
  status: string;
  score: number;
  maxScore: number;
  stages: StageFacts[];
  /** Stages where every test passed (`passed === total`, and the stage has tests). */
  stagesCompleted: number;
}

export interface ResultFacts {
  file: string;
  participant: string;
  /** Milliseconds since the epoch, from `timestamp`. */
  time: number;
  commit: string | null;
  /** The sum of the kata scores (checked against the file's own `score`). */
  score: number;
  katas: KataFacts[];
}

export type Validation =
  | { ok: true; result: ResultFacts; warnings: string[] }
  | { ok: false; error: string };

/** What a results file is checked against. */
export interface ValidationContext {
  /** The trusted course (`readCourse(root)` of @hbu/results). */
  course: CourseKata[];
  /** Accept only results graded in the sandbox (the trusted workflow's). */
  requireSandbox?: boolean;
  /** Accept only results that name their commit. */
  requireCommit?: boolean;
}

/** Points are compared after rounding away binary noise (62.5 + 0.1 + …). */
export const roundPoints = (n: number): number => Math.round(n * 1000) / 1000;

// Control characters, bidirectional overrides/isolates and zero-width characters: none of them
// belongs in a name on a projector, and the bidi ones can make one name impersonate another.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Cleans a display string: Unicode NFC, invisible and control characters removed, whitespace
 * collapsed. Markup is NOT removed here: every renderer escapes for its own format, so a name
 * like `<b>ann</b>` is shown exactly as typed, as text.
 */
export function cleanText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Validates the text of one results file. `file` is only used in messages. */
export function validateResults(
  text: string,
  file: string,
  context: ValidationContext,
): Validation {
  const parsed = parseResults(text, context.course, {
    requireSandbox: context.requireSandbox ?? false,
    requireCommit: context.requireCommit ?? false,
  });
  if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
  const doc = parsed.results;
  if (doc.impl !== 'participant') {
    return {
      ok: false,
      error: `${file}: impl is "${doc.impl}": only participant results are ranked`,
    };
  }
  const warnings: string[] = [];
  const participant = cleanText(doc.participant);
  if (participant === '') return { ok: false, error: `${file}: participant name is empty` };
  if ([...participant].length > LIMITS.participantChars) {
    return {
      ok: false,
      error: `${file}: participant name is ${[...participant].length} characters long (limit ${LIMITS.participantChars})`,
    };
  }
  if (participant !== doc.participant)
    warnings.push('participant name cleaned of invisible characters');
  const katas: KataFacts[] = doc.katas.map((k, i) => {
    const stages = k.stages.map((s, j) => ({
      id: s.id,
      title: shortTitle(s.title, `katas[${i}].stages[${j}].title`, warnings),
      score: roundPoints(s.score),
      maxScore: roundPoints(s.max_score),
      passed: s.passed,
      total: s.total,
    }));
    return {
      slug: k.slug,
      title: shortTitle(k.title, `katas[${i}].title`, warnings),
      order: k.order,
      status: k.status,
      score: roundPoints(k.score),
      maxScore: roundPoints(k.max_score),
      stages,
      stagesCompleted: stages.filter((s) => s.total > 0 && s.passed === s.total).length,
    };
  });
  return {
    ok: true,
    result: {
      file,
      participant,
      time: Date.parse(doc.timestamp),
      commit: doc.git.commit,
      score: roundPoints(katas.reduce((sum, k) => sum + k.score, 0)),
      katas,
    },
    warnings: warnings.map((w) => `${file}: ${w}`),
  };
}

function shortTitle(raw: string, where: string, warnings: string[]): string {
  const clean = cleanText(raw) || '—';
  const chars = [...clean];
  if (chars.length <= LIMITS.titleChars) return clean;
  warnings.push(`${where} shortened to ${LIMITS.titleChars} characters`);
  return `${chars.slice(0, LIMITS.titleChars - 1).join('')}…`;
}
