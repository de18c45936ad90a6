/**
 * Reads one grader results file (the core agreed with the grader, `schema_version` 1) into the few
 * facts the leaderboard ranks by, and refuses anything it cannot trust.
 *
 * A results file is participant-controlled data: in a workshop it comes from a pull request's run,
 * and a pull request can rewrite its own workflow. So every field is checked for type and range,
 * every string that reaches a page is cleaned, and a file that claims more than the katas can give
 * is rejected rather than clamped (clamping would still reward the forgery with full marks).
 */

/** The results schema version this leaderboard reads. */
export const SCHEMA_VERSION = 1;
/** A kata's stage weights add up to 100 (CONTRIBUTING.md), so no kata can be worth more. */
export const MAX_KATA_POINTS = 100;
/** Limits that keep one hostile file from swamping a page or the process. */
export const LIMITS = {
  fileBytes: 16 * 1024 * 1024,
  participantChars: 100,
  titleChars: 120,
  katas: 64,
  stagesPerKata: 64,
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
  /** The sum of the kata scores, recomputed (the file's own `score` must agree with it). */
  score: number;
  katas: KataFacts[];
}

export type Validation =
  | { ok: true; result: ResultFacts; warnings: string[] }
  | { ok: false; error: string };

/** Thrown inside the validator; turned into `{ ok: false }` with the file name in front. */
class Rejection extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: Json, key: string, where: string): unknown {
  if (!Object.hasOwn(obj, key)) throw new Rejection(`${where}: missing "${key}"`);
  return obj[key];
}

function number(obj: Json, key: string, where: string, { integer = false } = {}): number {
  const v = field(obj, key, where);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Rejection(`${where}.${key} must be a finite number, got ${describe(v)}`);
  }
  if (v < 0) throw new Rejection(`${where}.${key} is negative (${v})`);
  if (integer && !Number.isSafeInteger(v)) {
    throw new Rejection(`${where}.${key} must be a whole number, got ${v}`);
  }
  return v;
}

function string(obj: Json, key: string, where: string): string {
  const v = field(obj, key, where);
  if (typeof v !== 'string')
    throw new Rejection(`${where}.${key} must be a string, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 20)}`;
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

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/**
 * Validates the text of one results file. `file` is only used in messages.
 */
export function validateResults(text: string, file: string): Validation {
  try {
    const warnings: string[] = [];
    const result = check(text, file, warnings);
    return { ok: true, result, warnings: warnings.map((w) => `${file}: ${w}`) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, error: `${file}: ${error.message}` };
    throw error;
  }
}

function check(text: string, file: string, warnings: string[]): ResultFacts {
  if (text.length > LIMITS.fileBytes) {
    throw new Rejection(`${text.length} bytes is more than the ${LIMITS.fileBytes}-byte limit`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Rejection(`not valid JSON (truncated or corrupt?): ${why}`);
  }
  if (!isObject(doc)) throw new Rejection(`expected a JSON object, got ${describe(doc)}`);

  const version = field(doc, 'schema_version', 'results');
  if (version !== SCHEMA_VERSION) {
    throw new Rejection(
      `unknown schema_version ${JSON.stringify(version)?.slice(0, 20)}; this leaderboard reads version ${SCHEMA_VERSION}`,
    );
  }
  const impl = field(doc, 'impl', 'results');
  if (impl !== 'participant') {
    throw new Rejection(
      `impl is ${JSON.stringify(impl)?.slice(0, 20)}: only participant results are ranked`,
    );
  }

  const rawName = string(doc, 'participant', 'results');
  if (rawName.length > LIMITS.participantChars * 4) {
    throw new Rejection(
      `participant name is ${rawName.length} characters long (limit ${LIMITS.participantChars})`,
    );
  }
  const participant = cleanText(rawName);
  if (participant === '') throw new Rejection('participant name is empty');
  if ([...participant].length > LIMITS.participantChars) {
    throw new Rejection(
      `participant name is ${[...participant].length} characters long (limit ${LIMITS.participantChars})`,
    );
  }
  if (participant !== rawName) warnings.push('participant name cleaned of invisible characters');

  const stamp = string(doc, 'timestamp', 'results');
  const time = Date.parse(stamp);
  if (!/^\d{4}-\d\d-\d\dT/.test(stamp) || Number.isNaN(time)) {
    throw new Rejection(`timestamp ${JSON.stringify(stamp.slice(0, 40))} is not an ISO 8601 date`);
  }

  let commit: string | null = null;
  const git = doc.git;
  if (isObject(git) && typeof git.commit === 'string') {
    if (COMMIT.test(git.commit)) commit = git.commit;
    else warnings.push('git.commit is not a 40-hex commit id; ignored');
  }

  const rawKatas = field(doc, 'katas', 'results');
  if (!Array.isArray(rawKatas)) throw new Rejection(`results.katas must be an array`);
  if (rawKatas.length > LIMITS.katas) {
    throw new Rejection(
      `${rawKatas.length} katas is more than the ${LIMITS.katas} this board shows`,
    );
  }
  const katas: KataFacts[] = [];
  const seen = new Set<string>();
  rawKatas.forEach((raw, i) => {
    const kata = checkKata(raw, `katas[${i}]`, warnings);
    if (seen.has(kata.slug)) throw new Rejection(`katas[${i}]: kata "${kata.slug}" appears twice`);
    seen.add(kata.slug);
    katas.push(kata);
  });

  const score = roundPoints(katas.reduce((sum, k) => sum + k.score, 0));
  const maxScore = roundPoints(katas.reduce((sum, k) => sum + k.maxScore, 0));
  const claimed = number(doc, 'score', 'results');
  const claimedMax = number(doc, 'max_score', 'results');
  if (claimed > claimedMax + 1e-6) {
    throw new Rejection(`score ${claimed} is above max_score ${claimedMax}`);
  }
  if (Math.abs(roundPoints(claimed) - score) > 0.01) {
    throw new Rejection(`score ${claimed} is not the sum of the kata scores (${score})`);
  }
  if (Math.abs(roundPoints(claimedMax) - maxScore) > 0.01) {
    throw new Rejection(`max_score ${claimedMax} is not the sum of the kata maxima (${maxScore})`);
  }
  return { file, participant, time, commit, score, katas };
}

function checkKata(raw: unknown, where: string, warnings: string[]): KataFacts {
  if (!isObject(raw)) throw new Rejection(`${where} must be an object`);
  const slug = string(raw, 'slug', where);
  if (!SLUG.test(slug))
    throw new Rejection(`${where}.slug ${JSON.stringify(slug.slice(0, 40))} is not a kata slug`);
  const title = shortTitle(
    typeof raw.title === 'string' ? raw.title : slug,
    `${where}.title`,
    warnings,
  );
  const order = typeof raw.order === 'number' && Number.isFinite(raw.order) ? raw.order : 0;
  const status = typeof raw.status === 'string' ? raw.status.slice(0, 20) : 'graded';
  const score = number(raw, 'score', where);
  const maxScore = number(raw, 'max_score', where);
  if (maxScore > MAX_KATA_POINTS) {
    throw new Rejection(
      `${where}.max_score ${maxScore} is above the ${MAX_KATA_POINTS} points a kata is worth`,
    );
  }
  if (score > maxScore + 1e-6) {
    throw new Rejection(`${where}.score ${score} is above its max_score ${maxScore}`);
  }
  const rawStages = Array.isArray(raw.stages) ? raw.stages : [];
  if (rawStages.length > LIMITS.stagesPerKata) {
    throw new Rejection(`${where} has ${rawStages.length} stages (limit ${LIMITS.stagesPerKata})`);
  }
  const stages = rawStages.map((s, j) => checkStage(s, `${where}.stages[${j}]`, warnings));
  const stagesCompleted = stages.filter((s) => s.total > 0 && s.passed === s.total).length;
  return {
    slug,
    title,
    order,
    status,
    score: roundPoints(score),
    maxScore: roundPoints(maxScore),
    stages,
    stagesCompleted,
  };
}

function checkStage(raw: unknown, where: string, warnings: string[]): StageFacts {
  if (!isObject(raw)) throw new Rejection(`${where} must be an object`);
  const id = number(raw, 'id', where, { integer: true });
  const title = shortTitle(
    typeof raw.title === 'string' ? raw.title : `stage ${id}`,
    `${where}.title`,
    warnings,
  );
  const score = number(raw, 'score', where);
  const maxScore = number(raw, 'max_score', where);
  const passed = number(raw, 'passed', where, { integer: true });
  const total = number(raw, 'total', where, { integer: true });
  if (score > maxScore + 1e-6)
    throw new Rejection(`${where}.score ${score} is above its max_score ${maxScore}`);
  if (passed > total) throw new Rejection(`${where}.passed ${passed} is more than total ${total}`);
  return { id, title, score, maxScore, passed, total };
}

function shortTitle(raw: string, where: string, warnings: string[]): string {
  const clean = cleanText(
    raw.length > LIMITS.titleChars * 4 ? raw.slice(0, LIMITS.titleChars * 4) : raw,
  );
  const chars = [...clean];
  if (chars.length <= LIMITS.titleChars) return clean;
  warnings.push(`${where} shortened to ${LIMITS.titleChars} characters`);
  return `${chars.slice(0, LIMITS.titleChars - 1).join('')}…`;
}
