/**
 * The stage board the compact reporter prints: one line per stage, in kata.json order,
 * with a bar and passed/total. Pure functions over plain data, so they are tested alone.
 */
import pc from 'picocolors';
import type { StageEntry } from './course.ts';
import type { StageProgress } from './progress-file.ts';

/** A stage's line on the board; `ran` is false when this run did not touch the stage. */
export interface BoardRow {
  stage: StageEntry;
  progress: StageProgress | undefined;
  ran: boolean;
}

const BAR = 20;

/** `████████░░░░` for passed/total, `width` cells. */
export function bar(passed: number, total: number, width = BAR): string {
  const full = total === 0 ? 0 : Math.round((passed / total) * width);
  const cells = '█'.repeat(full) + '░'.repeat(width - full);
  if (total > 0 && passed === total) return pc.green(cells);
  return passed === 0 ? pc.dim(cells) : pc.yellow(cells);
}

/** The first stage (in kata.json order) that ran and is not entirely green. */
export function firstUnfinished(rows: BoardRow[]): BoardRow | undefined {
  return rows.find(
    (r) => r.ran && r.progress !== undefined && r.progress.passed < r.progress.total,
  );
}

/** Cuts a string to `width` visible characters (ANSI-free input), with an ellipsis. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

export function renderBoard(title: string, rows: BoardRow[], width: number): string[] {
  const titleWidth = Math.max(10, Math.min(44, width - BAR - 22));
  const lines = [pc.bold(title)];
  const focus = firstUnfinished(rows);
  for (const row of rows) {
    const { stage, progress } = row;
    const name = clip(`${stage.id}. ${stage.title}`, titleWidth).padEnd(titleWidth);
    if (progress === undefined || !row.ran) {
      const last =
        progress === undefined ? 'not run' : `${progress.passed}/${progress.total} (last run)`;
      lines.push(`  ${pc.dim('·')} ${pc.dim(name)} ${pc.dim('·'.repeat(BAR))} ${pc.dim(last)}`);
      continue;
    }
    const done = progress.total > 0 && progress.passed === progress.total;
    const mark = done ? pc.green('✓') : row === focus ? pc.red('›') : pc.dim('✗');
    const count = `${progress.passed}/${progress.total}`;
    lines.push(
      `  ${mark} ${row === focus ? pc.bold(name) : name} ${bar(progress.passed, progress.total)} ${count}`,
    );
  }
  return lines;
}
