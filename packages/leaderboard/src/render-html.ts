import { createHash } from 'node:crypto';
import type { CopyPair } from '@hbu/copy-check';
import type { Board } from './aggregate.ts';
import { escapeHtml } from './escape.ts';
import { SCRIPT } from './html-script.ts';
import { STYLE } from './html-style.ts';
import { renderProjector } from './render-projector.ts';
import { cellPoints, points, UNGRADED, utc } from './render-text.ts';

export { escapeHtml } from './escape.ts';

export interface HtmlOptions {
  title?: string;
  /** Seconds between reloads when auto-refresh is on; 0 shows the switch turned off. */
  refreshSeconds?: number;
  /** How many results files were rejected (listed in leaderboard.json). */
  rejected?: number;
  /** The view without `?view=`: `table` (the instructor's, default) or `projector`. */
  defaultView?: 'table' | 'projector';
  /** Pairs of similar code (copy-check), listed in the instructor's view when given. */
  copies?: CopyPair[];
}

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** The Content-Security-Policy of the page: nothing external, only our own script. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

function bar(score: number, max: number): string {
  const pct = max > 0 ? Math.max(0, Math.min(100, (score / max) * 100)) : 0;
  return `<span class="bar" aria-hidden="true"><span style="width:${pct.toFixed(1)}%"></span></span>`;
}

const time = (iso: string): string =>
  `<time datetime="${iso}" title="${utc(iso)}">${utc(iso)}</time>`;

function renderTable(board: Board): string {
  const heads = [
    `<th data-type="num" aria-sort="ascending"><button type="button">Rank</button></th>`,
    `<th class="name" data-type="text"><button type="button">Participant</button></th>`,
    `<th data-type="num"><button type="button">Total</button></th>`,
    ...board.katas.map(
      (k) =>
        `<th data-type="num" data-kata="${escapeHtml(k.slug)}" title="${escapeHtml(k.title)}"><button type="button">${escapeHtml(k.short)}</button></th>`,
    ),
    `<th data-type="num"><button type="button">Stages</button></th>`,
    `<th data-type="text"><button type="button">Reached</button></th>`,
    `<th data-type="text"><button type="button">Last improvement</button></th>`,
  ];
  const rows = board.entries.map((e) => {
    const top = e.rank <= 3 && e.total > 0 ? ` data-top="${e.rank}"` : '';
    const cells = [
      `<td class="rank" data-v="${e.rank}">${e.rank}</td>`,
      `<td class="name" data-v="${escapeHtml(e.participant.toLowerCase())}" title="${escapeHtml(e.participant)}">${escapeHtml(e.participant)}</td>`,
      `<td class="total pts" data-v="${e.total}">${points(e.total)}${bar(e.total, board.maxTotal)}</td>`,
      ...board.katas.map((k) => {
        const c = e.katas[k.slug];
        if (!c) return `<td class="pts ungraded" data-v="-1" title="not graded">${UNGRADED}</td>`;
        const stages = `<span class="small"> · ${c.stagesCompleted}/${c.stages}</span>`;
        return `<td class="pts" data-v="${c.score}">${cellPoints(e, k)}${stages}${bar(c.score, k.maxScore)}</td>`;
      }),
      `<td class="pts" data-v="${e.stagesCompleted}">${e.stagesCompleted}<span class="small"> / ${board.stages}</span></td>`,
      `<td data-v="${e.reachedAt}">${time(e.reachedAt)}</td>`,
      `<td data-v="${e.lastImprovement}">${time(e.lastImprovement)}</td>`,
    ];
    return `<tr data-rank="${e.rank}"${top} data-name="${escapeHtml(e.participant.toLowerCase())}">${cells.join('')}</tr>`;
  });
  const empty = `<tr><td class="empty" colspan="${heads.length}">No results yet.</td></tr>`;
  return `<div class="scroll"><table id="board">
<thead><tr>${heads.join('')}</tr></thead>
<tbody>${rows.length > 0 ? rows.join('\n') : empty}</tbody>
</table></div>`;
}

function renderCopies(copies: CopyPair[] | undefined): string {
  if (copies === undefined) return '';
  const flagged = copies.filter((p) => p.flagged);
  const rows = flagged.map(
    (p) =>
      `<tr><td class="text">${escapeHtml(p.kata)}</td><td class="text">${escapeHtml(p.a)}</td><td class="text">${escapeHtml(p.b)}${p.reference ? ' <span class="small">(the reference)</span>' : ''}</td><td class="flag pts">${Math.round(p.similarity * 100)} %</td><td class="pts">${Math.round(p.aInB * 100)} % / ${Math.round(p.bInA * 100)} %</td><td class="pts">${p.shared}</td><td class="text small">${escapeHtml(p.matches.slice(0, 3).join(', '))}</td></tr>`,
  );
  return `<section id="copies"><h2>Similar code: ${flagged.length} pair${flagged.length === 1 ? '' : 's'} to look at</h2>
<p class="small">Winnowed token fingerprints per kata (names and literals ignored), the stub's removed. A flag is a reason to talk with the people concerned, never a score. Also in copies.csv.</p>
<div class="scroll"><table id="copies-table"><thead><tr><th class="name">Kata</th><th class="name">A</th><th class="name">B</th><th>Similarity</th><th>A in B / B in A</th><th>Fingerprints</th><th class="name">Where</th></tr></thead>
<tbody>${rows.length > 0 ? rows.join('\n') : '<tr><td class="empty" colspan="7">No pair above the threshold.</td></tr>'}</tbody></table></div></section>`;
}

/** One self-contained page: inline style and script, no external asset, works offline. */
export function renderHtml(board: Board, options: HtmlOptions = {}): string {
  const title = escapeHtml(options.title ?? 'Leaderboard');
  const view = options.defaultView ?? 'table';
  const rejected = options.rejected
    ? ` · ${options.rejected} results file${options.rejected === 1 ? '' : 's'} rejected (see leaderboard.json)`
    : '';
  return `<!doctype html>
<html lang="en" data-view="${view}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body data-refresh="${Math.max(0, Math.floor(options.refreshSeconds ?? 0))}">
${renderProjector(board, title)}
<div class="instructor" id="instructor">
<header>
<h1>${title}</h1>
<span class="meta">${board.entries.length} participants · out of ${points(board.maxTotal)} points · ${board.stages} stages · updated ${time(board.generatedAt)} · ties: earliest to reach the total ranks first · ${UNGRADED}: not graded${rejected}</span>
<span class="controls">
<input type="search" id="search" placeholder="Search a participant" aria-label="Search a participant">
<label><input type="checkbox" id="refresh"> auto-refresh (<span id="refresh-seconds">30</span> s)</label>
<button type="button" id="theme">Theme: auto</button>
</span>
</header>
${renderTable(board)}
<div class="pager"><button type="button" id="prev">‹ Previous</button><span id="page-text"></span><button type="button" id="next">Next ›</button></div>
${renderCopies(options.copies)}
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
