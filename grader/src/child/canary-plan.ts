/**
 * The canaries of one spec file, derived from the run's secret and the file's path: how many,
 * where (before or after the spec's own tests), what each is called and what its body does.
 * The grader (score.ts) and the child (trusted.config.ts) both derive the same plan; participant
 * code never sees the secret (it reaches the child on stdin), so it cannot tell a canary from a
 * real test by its name, its suite (the file's own stage title), its position or the file its
 * body runs in (the spec file itself).
 */
import { createHmac } from 'node:crypto';

export type CanaryKind = 'false-expect' | 'false-throws' | 'false-property' | 'intact';

export interface Canary {
  name: string;
  /** Must fail (a false assertion or property), or must pass (the integrity check). */
  mustFail: boolean;
  kind: CanaryKind;
  at: 'start' | 'end';
  /** Numbers for the body, so no two runs have the same code. */
  a: number;
  b: number;
}

const VERBS = [
  'keeps',
  'rejects',
  'accepts',
  'handles',
  'preserves',
  'normalises',
  'returns',
  'reports',
  'ignores',
  'round-trips',
  'compares',
  'decodes',
];
const OBJECTS = [
  'an empty segment',
  'a trailing separator',
  'the last byte',
  'a mixed-case name',
  'repeated delimiters',
  'a long input',
  'a leading space',
  'an unusual value',
  'the default case',
  'a nested part',
  'an encoded octet',
  'two equal keys',
  'a single character',
  'the boundary value',
  'a missing part',
  'an upper-case token',
];

/** The plan of `file` (relative to the kata folder) for `secret`. */
export function canaryPlan(secret: string, file: string): Canary[] {
  const bytes = createHmac('sha256', secret).update(`canaries\0${file}`).digest();
  let i = 0;
  const next = (n: number): number => {
    const value = bytes.readUInt16BE(i % (bytes.length - 1)) ^ (i * 7919);
    i += 2;
    return value % n;
  };
  const count = 4 + next(3); // 4 to 6 canaries
  const kinds: CanaryKind[] = ['false-expect', 'false-property', 'intact'];
  while (kinds.length < count) {
    kinds.push((['false-expect', 'false-throws', 'false-property', 'intact'] as const)[next(4)]!);
  }
  // Shuffle, then place: at least one canary before the spec's tests and one after.
  for (let k = kinds.length - 1; k > 0; k--) {
    const j = next(k + 1);
    [kinds[k], kinds[j]] = [kinds[j]!, kinds[k]!];
  }
  const names = new Set<string>();
  return kinds.map((kind, index) => {
    let name: string;
    do {
      name = `${VERBS[next(VERBS.length)]} ${OBJECTS[next(OBJECTS.length)]} (${10 + next(90)})`;
    } while (names.has(name));
    names.add(name);
    const at =
      index === 0 ? 'start' : index === kinds.length - 1 ? 'end' : next(2) ? 'end' : 'start';
    return { name, kind, mustFail: kind !== 'intact', at, a: 1 + next(9000), b: 1 + next(9000) };
  });
}

/** The code of a canary's body; `x` is vitest's expect, `fc` fast-check, `intact` the integrity check. */
export function canaryBody(c: Canary, names: { x: string; fc: string; intact: string }): string {
  switch (c.kind) {
    case 'false-expect':
      return `${names.x}(${c.a}).toBe(${c.a + c.b});`;
    case 'false-throws':
      return `${names.x}(() => ${c.a}).toThrow();`;
    case 'false-property':
      return `${names.fc}.assert(${names.fc}.property(${names.fc}.nat(), (n) => n < 0 && n === ${c.b}), { seed: ${c.a}, numRuns: ${1 + (c.b % 5)} });`;
    case 'intact':
      return `${names.intact}(); ${names.x}(${c.a}).toBe(${c.a});`;
  }
}
