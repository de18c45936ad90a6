/**
 * The projector view: short labels, one row per participant of the top of the board, a progress
 * cell per kata (collapsed into a strip by the page script when the numbers would not fit), the
 * top three highlighted, and a ticker of the latest improvements.
 */
import type { Board } from './aggregate.ts';
import { escapeHtml } from './escape.ts';
import { cellPoints, points, UNGRADED, utc } from './render-text.ts';

/** Rows rendered for the projector; the script shows the ones that fit the screen. */
export const PROJECTOR_ROWS = 40;

export function renderProjector(board: Board, title: string): string {
  const shorts = new Map(board.katas.map((k) => [k.slug, k.short]));
  const labels = [
    '<span class="p-rank">#</span>',
    '<span class="p-name">Participant</span>',
    `<span class="p-total">/ ${points(board.maxTotal)}</span>`,
    ...board.katas.map(
      (k) => `<span class="p-k" title="${escapeHtml(k.title)}">${escapeHtml(k.short)}</span>`,
    ),
  ];
  const rows = board.entries.slice(0, PROJECTOR_ROWS).map((e) => {
    const top = e.rank <= 3 && e.total > 0 ? ` data-top="${e.rank}"` : '';
    const cells = board.katas.map((k) => {
      const c = e.katas[k.slug];
      const p = c && k.maxScore > 0 ? Math.max(0, Math.min(1, c.score / k.maxScore)) : 0;
      const state = !c ? 'ungraded' : p >= 1 ? 'done' : p > 0 ? 'part' : 'none';
      const label = c
        ? `${k.short}: ${points(c.score)} / ${points(k.maxScore)}`
        : `${k.short}: not graded`;
      return `<span class="p-cell pts" data-state="${state}" style="--p:${p.toFixed(3)}" title="${escapeHtml(label)}">${cellPoints(e, k)}</span>`;
    });
    return `<div class="p-row" role="row" data-rank="${e.rank}"${top}><span class="p-rank">${e.rank}</span><span class="p-name" title="${escapeHtml(e.participant)}">${escapeHtml(e.participant)}</span><span class="p-total pts">${points(e.total)}</span>${cells.join('')}</div>`;
  });
  const ticks = board.recent.map((r) => {
    const from = r.from === null ? UNGRADED : points(r.from);
    return `<span class="p-tick"><time datetime="${r.at}" data-short title="${utc(r.at)}">${r.at.slice(11, 16)}</time> <b>${escapeHtml(r.participant)}</b> ${escapeHtml(shorts.get(r.slug) ?? r.slug)} ${from} → ${points(r.to)}</span>`;
  });
  return `<main class="projector" id="projector" data-participants="${board.entries.length}" style="--katas:${Math.max(1, board.katas.length)}">
<div class="p-head"><h1>${title}</h1><span class="p-more"></span><span class="p-meta">${board.entries.length} participants · ${board.katas.length} katas · updated <time datetime="${board.generatedAt}" data-short>${board.generatedAt.slice(11, 16)}</time> UTC</span></div>
<div class="p-board" role="table" aria-label="Leaderboard">
<div class="p-row p-labels" role="row">${labels.join('')}</div>
${rows.length > 0 ? rows.join('\n') : '<div class="p-row" role="row"><span class="p-name">No results yet.</span></div>'}
</div>
<div class="p-ticker" aria-label="Latest improvements"><span class="p-label">Latest</span>${ticks.join('')}</div>
</main>`;
}
