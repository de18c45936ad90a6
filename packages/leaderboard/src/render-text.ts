import type { CopyPair } from '@hbu/copy-check';
import type { Board, Entry, KataColumn } from './aggregate.ts';

/** Points as people write them: 62.5, 100, 0. */
export const points = (n: number): string => String(Math.round(n * 100) / 100);

/** `2026-11-24T10:42:13.000Z` → `2026-11-24 10:42:13 UTC`. */
export const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** How an ungraded kata reads in every format (HTML, Markdown, CSV): not a zero. */
export const UNGRADED = '—';

/** A kata cell's points, or UNGRADED when the participant was never graded on the kata. */
export const cellPoints = (e: Entry, k: KataColumn): string => {
  const cell = e.katas[k.slug];
  return cell ? points(cell.score) : UNGRADED;
};

/**
 * Escapes text for a GitHub-flavoured Markdown table cell, and no more than that (a title like
 * `1. Split a URI (RFC 3986)` stays readable in the raw file): HTML-significant characters become
 * entities (GitHub renders inline HTML), the inline-markup characters (emphasis, code, links,
 * strikethrough, the cell separator and the backslash itself) are backslash-escaped, `@` becomes
 * an entity so a name cannot mention (ping) anyone, and newlines cannot break out of the row.
 * Characters that only mean something at the start of a line (`#`, `-`, `1.`) cannot be there.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ');
}

export function renderMarkdown(board: Board, title = 'Leaderboard'): string {
  const head = [
    'Rank',
    'Participant',
    'Total',
    ...board.katas.map((k) => escapeMarkdown(k.short)),
    'Stages',
    'Reached',
    'Last improvement',
  ];
  const rows = board.entries.map((e) => [
    String(e.rank),
    escapeMarkdown(e.participant),
    `**${points(e.total)}** / ${points(board.maxTotal)}`,
    ...board.katas.map((k) => cellPoints(e, k)),
    `${e.stagesCompleted} / ${board.stages}`,
    utc(e.reachedAt),
    utc(e.lastImprovement),
  ]);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [
    `# ${escapeMarkdown(title)}`,
    '',
    `${board.entries.length} participants · generated ${utc(board.generatedAt)} · ties broken by the earliest time the total was reached`,
    '',
    `Katas (points out of ${board.katas.map((k) => `${escapeMarkdown(k.short)} ${points(k.maxScore)}`).join(', ')}); ${UNGRADED} not graded.`,
    '',
    line(head),
    line(head.map((_, i) => (i === 1 ? ':--' : '--:'))),
    ...rows.map(line),
    '',
  ].join('\n');
}

/**
 * One CSV cell (RFC 4180). A cell starting with = + - @ or a control character is prefixed with
 * an apostrophe so a spreadsheet or an LMS import does not evaluate it as a formula.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(board: Board): string {
  const head = [
    'rank',
    'participant',
    'total',
    'max_total',
    ...board.katas.map((k) => k.slug),
    'stages_completed',
    'stages',
    'reached_at',
    'last_improvement',
    'submissions',
  ];
  const rows = board.entries.map((e) => [
    e.rank,
    e.participant,
    e.total,
    board.maxTotal,
    ...board.katas.map((k) => cellPoints(e, k)),
    e.stagesCompleted,
    board.stages,
    e.reachedAt,
    e.lastImprovement,
    e.submissions,
  ]);
  return `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function renderJson(
  board: Board,
  rejected: string[],
  warnings: string[],
  copies?: CopyPair[],
): string {
  const flagged = copies?.filter((p) => p.flagged);
  return `${JSON.stringify({ ...board, rejected, warnings, ...(flagged ? { copies: flagged } : {}) }, null, 2)}\n`;
}
