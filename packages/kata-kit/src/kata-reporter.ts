/**
 * The compact kata reporter: the default of `npm test`, `npm run watch`, `npm run ui` and
 * `npm run kata` in a kata. It prints
 *
 *   1. the stage board (stage, bar, passed/total) in kata.json order;
 *   2. the first failures of the first unfinished stage, each with expected/received and the
 *      HINTS.md pointer, under a line naming the README section to read;
 *   3. one summary line.
 *
 * Nothing else: no stack traces, no per-file lines. `--verbose` gives vitest's own output.
 * In watch mode the screen is cleared and the board redrawn in place after every run. Every
 * run against the participant's code records its stage results in the progress file.
 */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import pc from 'picocolors';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { type KataJson, readJson, type StageEntry } from './course.ts';
import { type Failure, formatFailure, notImplementedIn, stripAnsi } from './failure-format.ts';
import { kataProgress, readProgress, type StageProgress, updateProgress } from './progress-file.ts';
import { implFromEnv } from './repo-paths.ts';
import { type BoardRow, firstUnfinished, renderBoard } from './stage-board.ts';

export interface KataReporterOptions {
  /** Print nothing, only record progress (used beside vitest's reporter under --verbose). */
  quiet?: boolean;
  /** How many failures of the first unfinished stage to show (default 3, or KATA_FAILURES). */
  failures?: number;
  /** Write the progress file (default: when running against the participant's code). */
  record?: boolean;
}

interface TestRecord {
  stage: number;
  title: string;
  state: string;
  failure: Failure | undefined;
}

interface ModuleRecord {
  file: string;
  stage: number;
  tests: TestRecord[];
  loadError: string | undefined;
}

const STAGE_TITLE = /^(\d+)\. /;
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

function stageOfFile(file: string): number {
  return Number(/^(\d+)-/.exec(basename(file))?.[1] ?? 0);
}

function topSuite(test: TestCase): string[] {
  const names: string[] = [];
  let parent = test.parent;
  while (parent.type === 'suite') {
    names.unshift(parent.name);
    parent = parent.parent;
  }
  return names;
}

export class KataReporter implements Reporter {
  private vitest!: Vitest;
  private root = process.cwd();
  private slug = basename(this.root);
  private stages: StageEntry[] = [];
  private readonly modules = new Map<string, ModuleRecord>();
  private started = performance.now();
  /** What the last watch re-run ran, and the change that triggered it (shown under the board). */
  private rerun: { files: number; trigger: string } | undefined;
  private readonly options: KataReporterOptions;

  constructor(options: KataReporterOptions = {}) {
    this.options = options;
  }

  private get quiet(): boolean {
    return this.options.quiet === true;
  }

  private print(lines: string[]): void {
    if (!this.quiet) process.stdout.write(`${lines.join('\n')}\n`);
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.root = vitest.config.root;
    this.slug = basename(this.root);
    const manifest = join(this.root, 'kata.json');
    if (existsSync(manifest)) {
      const kata = readJson<KataJson>(manifest);
      this.slug = kata.slug;
      this.stages = kata.stages;
    }
    if (vitest.config.ui) {
      const host = vitest.config.api?.host || 'localhost';
      const port = vitest.vite.config.server.port;
      this.print([pc.bold(`vitest UI: http://${host}:${port}${vitest.config.uiBase}`), '']);
    }
  }

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onWatcherRerun(files: string[], trigger?: string): void {
    if (this.quiet) return;
    if (process.stdout.isTTY) process.stdout.write(CLEAR);
    const what = trigger === undefined ? `${files.length} files` : relative(this.root, trigger);
    this.rerun = { files: files.length, trigger: what };
    this.print([pc.dim(`↻ ${what} changed, re-running…`)]);
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandled: ReadonlyArray<{ message?: string }>,
  ): void {
    const ran = new Set<number>();
    for (const m of testModules) {
      const record = this.recordModule(m);
      this.modules.set(m.moduleId, record);
      for (const t of record.tests) ran.add(t.stage);
      ran.add(record.stage);
    }
    const rows = this.rows(ran);
    if (this.options.record ?? implFromEnv() === 'participant') this.saveProgress(rows);
    if (this.quiet) return;
    const width = Math.max(60, Math.min(process.stdout.columns || 100, 120));
    const out: string[] = [];
    if (this.vitest.config.watch && process.stdout.isTTY) out.push(CLEAR);
    out.push(...renderBoard(`${this.slug}`, rows, width), '');
    out.push(...this.problems(rows, width, unhandled));
    out.push(this.summary(rows));
    if (this.vitest.config.watch) {
      if (this.rerun !== undefined) {
        const { files, trigger } = this.rerun;
        out.push(
          pc.dim(`↻ re-ran ${files} spec file${files === 1 ? '' : 's'}: ${trigger} changed`),
        );
      }
      out.push(pc.dim('watching: save a file to re-run · q quits · --verbose for vitest output'));
    }
    this.print(out);
  }

  private recordModule(m: TestModule): ModuleRecord {
    const file = relative(this.root, m.moduleId);
    const tests: TestRecord[] = [];
    for (const test of m.children.allTests()) {
      const suites = topSuite(test);
      const stage = Number(STAGE_TITLE.exec(suites[0] ?? '')?.[1] ?? 0);
      const result = test.result();
      const title = [...suites, test.name].join(' › ');
      const errors = (result.state === 'failed' ? (result.errors ?? []) : []).map((e) => ({
        name: e.name,
        message: e.message ?? String(e),
        expected: e.expected,
        actual: e.actual,
        diff: e.diff,
      }));
      tests.push({
        stage,
        title,
        state: result.state,
        failure: result.state === 'failed' ? { stage, title, errors } : undefined,
      });
    }
    const loadErrors = m.errors();
    const loadError =
      loadErrors.length === 0 ? undefined : stripAnsi(loadErrors[0]?.message ?? 'failed to load');
    return { file, stage: stageOfFile(file), tests, loadError };
  }

  private rows(ran: Set<number>): BoardRow[] {
    const seen = new Map<number, StageProgress>();
    const broken = new Set<number>();
    for (const m of this.modules.values()) {
      if (m.loadError !== undefined) broken.add(m.stage);
      for (const t of m.tests) {
        const p = seen.get(t.stage) ?? { passed: 0, total: 0 };
        p.total++;
        if (t.state === 'passed') p.passed++;
        seen.set(t.stage, p);
      }
    }
    for (const stage of broken) {
      const p = seen.get(stage) ?? { passed: 0, total: 0 };
      seen.set(stage, { passed: p.passed, total: Math.max(p.total, p.passed + 1) });
    }
    const stages =
      this.stages.length > 0
        ? this.stages
        : [...seen.keys()].sort((a, b) => a - b).map((id) => ({ id, title: '', weight: 0 }));
    // Stages this run did not touch show the participant's last run (not under KATA_IMPL=reference).
    const last =
      implFromEnv() === 'participant' ? (readProgress().katas[this.slug]?.stages ?? {}) : {};
    return stages.map((stage) => {
      const here = seen.get(stage.id);
      return here === undefined
        ? { stage, progress: last[String(stage.id)], ran: false }
        : { stage, progress: here, ran: ran.has(stage.id) || this.modules.size > 0 };
    });
  }

  private problems(
    rows: BoardRow[],
    width: number,
    unhandled: ReadonlyArray<{ message?: string }>,
  ): string[] {
    const out: string[] = [];
    for (const m of this.modules.values()) {
      if (m.loadError === undefined) continue;
      out.push(`${pc.red('✗')} could not run ${m.file}`);
      for (const l of m.loadError.split('\n').slice(0, 4)) out.push(`    ${l}`);
      out.push('');
    }
    for (const e of unhandled.slice(0, 2)) {
      out.push(
        `${pc.red('✗')} unhandled error: ${stripAnsi(e.message ?? String(e)).split('\n')[0]}`,
        '',
      );
    }
    const focus = firstUnfinished(rows);
    if (focus === undefined) return out;
    const { id, title } = focus.stage;
    out.push(
      `${pc.bold(`Stage ${id}. ${title}`)} — read README §${id}; stuck? ${pc.cyan(`npm run kata -- hint ${this.slug} ${id}`)}`,
      '',
    );
    const failing = [...this.modules.values()]
      .flatMap((m) => m.tests)
      .filter((t) => t.stage === id && t.failure !== undefined);
    const limit = this.options.failures ?? Number(process.env.KATA_FAILURES ?? 3);
    // A stub fails every test the same way: show each "not implemented" sentence once.
    const shownStubs = new Set<string>();
    let shown = 0;
    for (const t of failing) {
      if (shown >= limit || t.failure === undefined) break;
      const stub = notImplementedIn(stripAnsi(t.failure.errors[0]?.message ?? ''));
      if (stub !== undefined && shownStubs.has(stub)) continue;
      if (stub !== undefined) shownStubs.add(stub);
      out.push(...formatFailure(t.failure, width), '');
      shown++;
    }
    if (failing.length > shown) {
      const same = shownStubs.size > 0 ? ' (most of them: not implemented yet)' : '';
      out.push(pc.dim(`  … and ${failing.length - shown} more failing in stage ${id}${same}`), '');
    }
    return out;
  }

  private summary(rows: BoardRow[]): string {
    const counted = rows.filter((r) => r.ran && r.progress !== undefined);
    const passed = counted.reduce((n, r) => n + (r.progress?.passed ?? 0), 0);
    const total = counted.reduce((n, r) => n + (r.progress?.total ?? 0), 0);
    const done = rows.filter(
      (r) =>
        r.progress !== undefined && r.progress.total > 0 && r.progress.passed === r.progress.total,
    ).length;
    const points = rows.reduce(
      (n, r) =>
        n +
        (r.progress && r.progress.total > 0
          ? (r.stage.weight * r.progress.passed) / r.progress.total
          : 0),
      0,
    );
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const mark = passed === total && total > 0 ? pc.green('✓') : pc.red('✗');
    const weights = this.stages.length > 0 ? ` · ≈${Math.round(points)}/100 points` : '';
    return `${mark} ${this.slug}: ${passed}/${total} tests · ${done}/${rows.length} stages done${weights} · ${seconds} s`;
  }

  private saveProgress(rows: BoardRow[]): void {
    updateProgress((p) => {
      const kata = kataProgress(p, this.slug);
      for (const r of rows) {
        if (r.ran && r.progress !== undefined) kata.stages[String(r.stage.id)] = r.progress;
      }
      kata.updatedAt = new Date().toISOString();
    });
  }
}
