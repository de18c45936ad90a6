import type { Board } from './aggregate.ts';

/** Points as people write them: 62.5, 100, 0. */
export const points = (n: number): string => String(Math.round(n * 100) / 100);

/** `2026-11-24T10:42:13.000Z` → `2026-11-24 10:42:13 UTC`. */
export const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/**
 * Escapes text for a GitHub-flavoured Markdown table cell: HTML-significant characters become
 * entities (GitHub renders inline HTML), Markdown punctuation is backslash-escaped, `@` becomes an
 * entity so a name cannot mention (ping) anyone, and newlines cannot break out of the row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_{}[\]()#+\-.!|~"':=]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ');
}

export function renderMarkdown(board: Board, title = 'Leaderboard'): string {
  const head = [
    'Rank',
    'Participant',
    'Total',
    ...board.katas.map((k) => escapeMarkdown(k.title)),
    'Stages',
    'Reached',
    'Last improvement',
  ];
  const rows = board.entries.map((e) => [
    String(e.rank),
    escapeMarkdown(e.participant),
    `**${points(e.total)}** / ${points(board.maxTotal)}`,
    ...board.katas.map((k) => {
      const cell = e.katas[k.slug];
      return cell ? `${points(cell.score)} / ${points(cell.maxScore)}` : '—';
    }),
    `${e.stagesCompleted} / ${e.stages}`,
    utc(e.reachedAt),
    utc(e.lastImprovement),
  ]);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [
    `# ${escapeMarkdown(title)}`,
    '',
    `${board.entries.length} participants · generated ${utc(board.generatedAt)} · ties broken by the earliest time the total was reached`,
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
    ...board.katas.map((k) => e.katas[k.slug]?.score ?? 0),
    e.stagesCompleted,
    e.stages,
    e.reachedAt,
    e.lastImprovement,
    e.submissions,
  ]);
  return `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function renderJson(board: Board, rejected: string[], warnings: string[]): string {
  return `${JSON.stringify({ ...board, rejected, warnings }, null, 2)}\n`;
}
