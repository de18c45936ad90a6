/**
 * Scoring: the expected tests (collected from the trusted tree) against what the child reported.
 *
 * Each kata is worth 100 points split across its stages by kata.json weight; within a stage every
 * expected test earns an equal share. A test that never reported is `timeout` (the budget ran out)
 * or `crashed` (its file or the process died). A reported test that is not expected, or a name
 * reported twice, earns nothing and is flagged. Canary outcomes decide `tampered`.
 */
import { type Canary, canaryPlan } from './child/canary-plan.ts';
import {
  type ChildMessage,
  FORBIDDEN_MARK,
  type ReportedError,
  TAMPER_MARK,
} from './child/protocol.ts';
import type { ForbiddenImport } from './forbidden.ts';
import { type KataSpec, stageTitle } from './manifest.ts';
import {
  clip,
  type KataResult,
  type KataStatus,
  LIMITS,
  round,
  type StageResult,
  type TestResult,
  type TestStatus,
} from './results.ts';
import type { ChildRun } from './spawn.ts';

export interface ExpectedTest {
  /** Relative to the kata folder: `test/parse.spec.ts`. */
  file: string;
  titles: string[];
}

export interface ScoreInput {
  spec: KataSpec;
  /** undefined when the expected list could not be collected. */
  expected: ExpectedTest[] | undefined;
  collectionError?: string | undefined;
  run: ChildRun;
  forbidden: ForbiddenImport[];
  /** The run's secret: which reports are canaries (child/canary-plan.ts). */
  secret: string;
}

type TestReport = Extract<ChildMessage, { t: 'test' }>;

const key = (file: string, titles: string[]): string => JSON.stringify([file, ...titles]);
export const fullName = (titles: string[]): string => titles.join(' › ');

/** `message` for a failure: the error message, then expected and received when the assertion has them. */
export function failureMessage(errors: ReportedError[]): string | null {
  const first = errors[0];
  if (first === undefined) return null;
  let text = first.message;
  if (first.expected !== undefined || first.actual !== undefined) {
    text += `\nexpected: ${first.expected ?? '—'}\nreceived: ${first.actual ?? '—'}`;
  }
  return text;
}

/**
 * The canaries of one spec file (child/canary-plan.ts). Tampering shows as a must-fail canary
 * reported as passed, a canary reported twice, or a canary missing from a file whose tests
 * reported (the ones placed after the spec's tests: from a file that ran to its end), or the
 * integrity check's mark in any failure (checked by the caller). A canary that fails for an
 * honest reason (a spec's `beforeAll` hook failing fails every test of the file, canaries
 * included) is not tampering.
 */
function checkCanaries(
  file: string,
  plan: Canary[],
  reports: TestReport[],
  required: { start: boolean; end: boolean },
): string[] {
  const problems: string[] = [];
  for (const canary of plan) {
    const seen = reports.filter((r) => r.titles.at(-1) === canary.name);
    if (seen.length === 0) {
      if (required[canary.at]) problems.push(`${file}: a canary never reported`);
    } else if (seen.length > 1) {
      problems.push(`${file}: a canary reported ${seen.length} times`);
    } else if (canary.mustFail && seen[0]?.state === 'passed') {
      problems.push(`${file}: a canary that must fail passed`);
    }
  }
  return problems;
}

export function scoreKata(input: ScoreInput): { kata: KataResult; tests: TestResult[] } {
  const { spec, run } = input;
  const reports = run.messages.filter((m): m is TestReport => m.t === 'test');
  const moduleEnds = new Map<string, ReportedError[]>();
  for (const m of run.messages) if (m.t === 'module-end') moduleEnds.set(m.file, m.errors);
  const fatal = run.messages.find((m) => m.t === 'fatal');
  const runtimeForbidden = run.messages.filter((m) => m.t === 'forbidden');

  const byKey = new Map<string, TestReport[]>();
  const canaryReports = new Map<string, TestReport[]>();
  const plans = new Map<string, Canary[]>();
  const planOf = (file: string): Canary[] => {
    let plan = plans.get(file);
    if (plan === undefined) {
      plan = canaryPlan(input.secret, file);
      plans.set(file, plan);
    }
    return plan;
  };
  const tamper: string[] = [];
  for (const r of reports) {
    for (const e of r.errors) {
      if (e.message.includes(TAMPER_MARK)) {
        tamper.push(`${r.file} › ${fullName(r.titles)}: ${e.message.split('\n')[0]}`);
      }
    }
    if (r.titles.length === 2 && planOf(r.file).some((c) => c.name === r.titles[1])) {
      canaryReports.set(r.file, [...(canaryReports.get(r.file) ?? []), r]);
      continue;
    }
    const k = key(r.file, r.titles);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }

  const expected = input.expected ?? [];
  const stageOf = new Map(spec.stages.map((s) => [stageTitle(s), s]));
  const perStage = new Map<number, number>();
  for (const e of expected) {
    const stage = stageOf.get(e.titles[0] ?? '');
    if (stage !== undefined) perStage.set(stage.id, (perStage.get(stage.id) ?? 0) + 1);
  }

  const neverReported = (file: string): { status: TestStatus; message: string } => {
    const ended = moduleEnds.get(file);
    if (ended !== undefined) {
      const why = failureMessage(ended);
      return {
        status: 'crashed',
        message: why ?? 'the test file ended before this test reported (crash or exit)',
      };
    }
    if (run.timedOut) {
      return {
        status: 'timeout',
        message: `the kata ran out of its ${spec.timeBudgetSeconds} s budget before this test reported`,
      };
    }
    return { status: 'crashed', message: 'the test process ended before this test reported' };
  };

  const flagged: string[] = [];
  const tests: TestResult[] = [];
  const expectedKeys = new Set<string>();
  const filesWithReports = new Set<string>();
  // A spec may itself carry the same name twice (it.each with equal titles): then two reports
  // of that name are expected, matched in order. More reports than that are duplicates.
  const expectedCount = new Map<string, number>();
  for (const e of expected) {
    const k = key(e.file, e.titles);
    expectedCount.set(k, (expectedCount.get(k) ?? 0) + 1);
  }
  const used = new Map<string, number>();
  for (const e of expected) {
    const k = key(e.file, e.titles);
    expectedKeys.add(k);
    const stage = stageOf.get(e.titles[0] ?? '');
    const share = stage === undefined ? 0 : stage.weight / (perStage.get(stage.id) ?? 1);
    const all = byKey.get(k) ?? [];
    const index = used.get(k) ?? 0;
    used.set(k, index + 1);
    const duplicated = all.length > (expectedCount.get(k) ?? 1);
    const seen = duplicated ? all : all.slice(index, index + 1);
    if (all.length > 0) filesWithReports.add(e.file);
    let status: TestStatus;
    let message: string | null = null;
    const report = seen[0];
    if (duplicated) {
      status = 'fail';
      message = `reported ${seen.length} times: another test was registered with the same name; not scored`;
      if (index === 0) flagged.push(`${e.file} › ${fullName(e.titles)} (duplicate)`);
    } else if (report === undefined || report.state === 'pending') {
      ({ status, message } = neverReported(e.file));
    } else if (report.state === 'passed') {
      status = 'pass';
    } else if (report.state === 'skipped') {
      status = 'skipped';
    } else {
      status = 'fail';
      message = failureMessage(report.errors);
    }
    tests.push({
      name: clip(fullName(e.titles), LIMITS.name),
      kata: spec.slug,
      file: e.file,
      task_id: stage?.id ?? null,
      status,
      score: status === 'pass' ? round(share) : 0,
      max_score: round(share),
      message: message === null ? null : clip(message, LIMITS.message),
      output: report?.output ? report.output.slice(0, LIMITS.output) : null,
      duration_ms: report?.durationMs ?? 0,
    });
  }
  for (const [k, seen] of byKey) {
    if (expectedKeys.has(k) || input.expected === undefined) continue;
    const r = seen[0]!;
    flagged.push(`${r.file} › ${fullName(r.titles)} (not an expected test)`);
    tests.push({
      name: clip(fullName(r.titles), LIMITS.name),
      kata: spec.slug,
      file: r.file,
      task_id: stageOf.get(r.titles[0] ?? '')?.id ?? null,
      status: 'fail',
      score: 0,
      max_score: 0,
      message: `reported ${r.state}, but this test is not in the spec files: not scored`,
      output: null,
      duration_ms: r.durationMs,
    });
  }

  // Canaries: every file that ran tests must show the canaries failing and passing as planted.
  const files = new Set([...filesWithReports, ...canaryReports.keys()]);
  for (const file of files) {
    const fileExpected = expected.filter((e) => e.file === file);
    const completed =
      moduleEnds.get(file)?.length === 0 &&
      fileExpected.every((e) => (byKey.get(key(e.file, e.titles)) ?? []).length > 0);
    tamper.push(
      ...checkCanaries(file, planOf(file), canaryReports.get(file) ?? [], {
        start: filesWithReports.has(file),
        end: completed,
      }),
    );
  }

  // Refusals by the worker guard (require, createRequire, getBuiltinModule, forbidden globals).
  const guardRefusals = [...reports.flatMap((r) => r.errors), ...[...moduleEnds.values()].flat()]
    .filter((e) => e.message.includes(FORBIDDEN_MARK))
    .map((e) => (e.message.split(`${FORBIDDEN_MARK}: `)[1] ?? e.message).split('\n')[0]!);
  const forbiddenReasons = [
    ...guardRefusals,
    ...input.forbidden.map((f) => `src/${f.file}:${f.line} imports "${f.specifier}"`),
    ...runtimeForbidden.map(
      (f) =>
        `src/${f.importer.split('/src/').pop() ?? f.importer} imports "${f.specifier}" at run time`,
    ),
  ];

  let status: KataStatus = 'graded';
  let message: string | null = null;
  if (input.expected === undefined || expected.length === 0) {
    status = 'error';
    message = `could not collect the expected tests: ${input.collectionError ?? 'no tests found'}`;
  } else if (fatal !== undefined) {
    status = 'error';
    message = `the test runner failed: ${fatal.message.split('\n')[0]}`;
  } else if (tamper.length > 0) {
    status = 'tampered';
    message = `the test environment was tampered with, score 0: ${[...new Set(tamper)].slice(0, 5).join('; ')}`;
  } else if (forbiddenReasons.length > 0) {
    status = 'forbidden';
    message = `uses a module or global this kata forbids (kata.json forbiddenModules, forbiddenGlobals), score 0: ${[...new Set(forbiddenReasons)].join('; ')}`;
  } else if (run.timedOut) {
    message = `ran out of its ${spec.timeBudgetSeconds} s budget; tests that had not reported score 0 (timeout)`;
  } else if (!run.ended) {
    message = 'the test process ended early; tests that had not reported score 0 (crashed)';
  }
  if (status !== 'graded') for (const t of tests) t.score = 0;

  const stages: StageResult[] = spec.stages.map((stage) => {
    const own = tests.filter((t) => t.task_id === stage.id && t.max_score > 0);
    const passed = own.filter((t) => t.status === 'pass').length;
    const total = own.length;
    const failure = own.find((t) => t.status !== 'pass');
    return {
      id: stage.id,
      title: stage.title,
      weight: stage.weight,
      score: status === 'graded' && total > 0 ? round((stage.weight * passed) / total) : 0,
      max_score: stage.weight,
      passed,
      total,
      first_failure:
        failure === undefined
          ? null
          : {
              name: failure.name,
              message: failure.message,
              hint: clip(spec.hints[stage.id] ?? '', LIMITS.message) || null,
            },
    };
  });
  const score = round(stages.reduce((sum, s) => sum + s.score, 0));
  return {
    kata: {
      slug: spec.slug,
      title: spec.title,
      order: spec.order,
      status,
      score,
      max_score: spec.stages.reduce((sum, s) => sum + s.weight, 0),
      duration_ms: run.durationMs,
      message: message === null ? null : clip(message, LIMITS.message),
      stages,
      flagged: flagged.slice(0, LIMITS.flagged).map((f) => clip(f, LIMITS.name)),
    },
    tests,
  };
}
