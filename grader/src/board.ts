/**
 * The terminal view: a live progress line while katas run, then the board — each kata, each
 * stage with a bar and points, the first failing test of each stage with expected/received and
 * the hint, and the total. Colour only on a TTY and never with NO_COLOR.
 */
import pc from 'picocolors';
import type { ProgressEvent } from './grade.ts';
import type { KataResult, Results } from './results.ts';
import { bar, forTerminal, points } from './text.ts';

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(out: Out, env: NodeJS.ProcessEnv = process.env): Colors {
  const enabled =
    !('NO_COLOR' in env) &&
    (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== '0' : out.isTTY === true);
  return pc.createColors(enabled);
}

const statusMark = (kata: KataResult, c: Colors): string => {
  if (kata.status === 'graded') {
    return kata.score === kata.max_score
      ? c.green('✓')
      : kata.score > 0
        ? c.yellow('◐')
        : c.red('✗');
  }
  return c.red('!');
};

/** Progress while grading: on a TTY one line rewritten in place, otherwise one line per event. */
export function progressPrinter(out: Out, c: Colors): (event: ProgressEvent) => void {
  const running = new Map<string, { reported: number; passed: number; started: number }>();
  const live = out.isTTY === true;
  let width = 0;
  const redraw = (): void => {
    if (!live) return;
    const now = performance.now();
    const text = [...running]
      .map(
        ([slug, r]) =>
          `${slug} ${r.passed}/${r.reported} ${((now - r.started) / 1000).toFixed(0)}s`,
      )
      .join(' · ');
    const line = running.size === 0 ? '' : `${c.dim('grading')} ${text}`;
    out.write(`\r${line}${' '.repeat(Math.max(0, width - line.length))}\r`);
    width = line.length;
  };
  return (event) => {
    if (event.type === 'plan') {
      out.write(
        `${c.bold(`Grading ${event.katas.length} kata${event.katas.length === 1 ? '' : 's'}`)}\n`,
      );
    } else if (event.type === 'start') {
      running.set(event.slug, { reported: 0, passed: 0, started: performance.now() });
      if (!live) out.write(`  … ${event.slug}\n`);
      redraw();
    } else if (event.type === 'test') {
      const r = running.get(event.slug);
      if (r) {
        r.reported = event.reported;
        r.passed = event.passed;
      }
      redraw();
    } else {
      running.delete(event.kata.slug);
      if (live) {
        out.write(`\r${' '.repeat(width)}\r`);
        width = 0;
      }
      const k = event.kata;
      out.write(
        `  ${statusMark(k, c)} ${k.slug.padEnd(16)} ${points(k.score).padStart(6)} / ${k.max_score}  ${c.dim(`${(k.duration_ms / 1000).toFixed(1)}s`)}${k.status === 'graded' ? '' : `  ${c.red(k.status)}`}\n`,
      );
      redraw();
    }
  };
}

function indentBlock(text: string, prefix: string, maxLines = 8): string {
  const lines = forTerminal(text).split('\n');
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push('…');
  return shown.map((l) => `${prefix}${l.length > 200 ? `${l.slice(0, 199)}…` : l}`).join('\n');
}

/**
 * A failure message on the board: the start of the message, then always its `expected:` and
 * `received:` lines (score.ts appends them last), however long the message is.
 */
export function failureBlock(message: string, prefix: string): string {
  const lines = message.split('\n');
  const at = lines.findLastIndex((l) => l.startsWith('expected: '));
  const hasTail = at !== -1 && lines.slice(at).some((l) => l.startsWith('received: '));
  const body = hasTail ? lines.slice(0, at).join('\n') : message;
  const tail = hasTail ? lines.slice(at).join('\n') : '';
  return [
    body === '' ? '' : indentBlock(body, prefix, 6),
    tail === '' ? '' : indentBlock(tail, prefix, 6),
  ]
    .filter((b) => b !== '')
    .join('\n');
}

export function renderBoard(results: Results, c: Colors): string {
  const lines: string[] = [];
  lines.push('');
  lines.push(
    c.bold(
      `HTTP Bottom Up — ${results.impl === 'reference' ? 'references' : forTerminal(results.participant)}`,
    ) +
      c.dim(
        `  seed ${results.seed} · ${results.node} · grader ${results.grader.version} · ${results.sandbox ? 'sandboxed' : 'NOT sandboxed'}`,
      ),
  );
  if (!results.sandbox) {
    lines.push(
      c.yellow(
        'Graded without the bubblewrap sandbox (bwrap unavailable here): a score for you, not for the leaderboard.',
      ),
    );
  }
  for (const kata of results.katas) {
    lines.push('');
    const head = `${statusMark(kata, c)} ${c.bold(`${kata.order}. ${kata.slug}`)} ${c.dim(forTerminal(kata.title))}`;
    lines.push(
      `${head}  ${c.bold(`${points(kata.score)} / ${kata.max_score}`)}${kata.status === 'graded' ? '' : `  ${c.red(kata.status.toUpperCase())}`}`,
    );
    if (kata.message) lines.push(indentBlock(kata.message, `    ${c.dim('│')} `, 4));
    const titleWidth = Math.min(
      40,
      Math.max(...kata.stages.map((s) => `${s.id}. ${s.title}`.length)),
    );
    for (const stage of kata.stages) {
      const title = `${stage.id}. ${stage.title}`;
      const done = stage.total > 0 && stage.passed === stage.total;
      const fraction = stage.total === 0 ? 0 : stage.passed / stage.total;
      const paint = done ? c.green : stage.passed > 0 ? c.yellow : c.red;
      lines.push(
        `    ${(title.length > titleWidth ? `${title.slice(0, titleWidth - 1)}…` : title).padEnd(titleWidth)}  ${paint(bar(fraction, 16))}  ${points(stage.score).padStart(5)} / ${String(stage.max_score).padEnd(3)} ${c.dim(`${stage.passed}/${stage.total} tests`)}`,
      );
      const failure = stage.first_failure;
      if (failure !== null && kata.status !== 'error') {
        lines.push(`      ${c.red('✗')} ${forTerminal(failure.name)}`);
        if (failure.message) lines.push(failureBlock(failure.message, '        '));
        if (failure.hint)
          lines.push(
            `        ${c.cyan('hint:')} ${forTerminal(failure.hint)} ${c.dim(`(HINTS.md §${stage.id})`)}`,
          );
      }
    }
    if (kata.flagged.length > 0) {
      lines.push(`    ${c.yellow('flagged (not scored):')}`);
      for (const f of kata.flagged.slice(0, 5)) lines.push(`      ${forTerminal(f)}`);
      if (kata.flagged.length > 5) lines.push(`      … ${kata.flagged.length - 5} more`);
    }
  }
  if (results.ignored_changes.length > 0) {
    lines.push('');
    lines.push(c.yellow('Ignored changes (only katas/<slug>/src/ is graded):'));
    for (const f of results.ignored_changes.slice(0, 20)) lines.push(`  ${forTerminal(f)}`);
    if (results.ignored_changes.length > 20)
      lines.push(`  … ${results.ignored_changes.length - 20} more`);
  }
  lines.push('');
  const pct = results.max_score === 0 ? 0 : results.score / results.max_score;
  lines.push(
    `${c.bold('Total')}  ${bar(pct, 30)}  ${c.bold(`${points(results.score)} / ${results.max_score}`)}  ${c.dim(`(${points(pct * 100)} %, ${(results.duration_ms / 1000).toFixed(1)} s)`)}`,
  );
  lines.push('');
  return lines.join('\n');
}
