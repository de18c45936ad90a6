import type { Parameters } from 'fast-check';
import { propertyReport } from './property-report.ts';

/** The seed used when FC_SEED is not set: a score on a laptop equals the score in CI. */
export const DEFAULT_SEED = 20_261_124;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

/**
 * Parameters for every `fc.assert` in a kata: an explicit seed and number of runs,
 * overridable by FC_SEED and FC_RUNS (FC_RUNS is a ceiling: mutation testing turns it
 * down). A failure prints the shrunk counterexample, the seed and path, and the command that
 * replays it (`FC_SEED=… FC_PATH=… npm test -- <file> -t <name>`); against a stub it prints
 * only the stub's "not implemented yet — see README §N" (see property-report.ts).
 *
 * @param numRuns the runs this property needs for a good search (default 100).
 */
export function fcParams<T>(numRuns = 100, extra: Parameters<T> = {}): Parameters<T> {
  const seed = intFromEnv('FC_SEED', DEFAULT_SEED);
  const cap = intFromEnv('FC_RUNS', Number.POSITIVE_INFINITY);
  const path = process.env.FC_PATH;
  return {
    seed,
    numRuns: Math.max(1, Math.min(numRuns, cap)),
    ...(path === undefined || path === '' ? {} : { path }),
    plugins: [propertyReport],
    ...extra,
  } as Parameters<T>;
}
