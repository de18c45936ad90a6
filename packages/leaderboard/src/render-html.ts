import { createHash } from 'node:crypto';
import type { Board } from './aggregate.ts';
import { points, utc } from './render-text.ts';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface HtmlOptions {
  title?: string;
  /** Seconds between reloads when auto-refresh is on; 0 shows the switch turned off. */
  refreshSeconds?: number;
  /** How many results files were rejected (listed in leaderboard.json). */
  rejected?: number;
}

// The page's only script: sorting, theme and auto-refresh. It reads no data from the board (the
// table is rendered on the server, escaped), so it is a constant and the CSP can pin its hash.
const SCRIPT = `
(() => {
  const table = document.getElementById('board');
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const type = th.dataset.type;
      const current = th.getAttribute('aria-sort');
      const dir = current === 'ascending' ? 'descending' : current === 'descending' ? 'ascending'
        : (type === 'num' ? 'descending' : 'ascending');
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir);
      const sign = dir === 'ascending' ? 1 : -1;
      const rows = [...body.rows];
      const key = (row) => row.cells[col].dataset.v ?? row.cells[col].textContent;
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        const d = type === 'num' ? Number(x) - Number(y) : x.localeCompare(y);
        return d * sign || Number(a.dataset.rank) - Number(b.dataset.rank);
      });
      body.append(...rows);
    });
  });

  // Storage can be unavailable (a file:// page in some browsers, strict privacy settings).
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch {} },
  };
  const root = document.documentElement;
  const themeButton = document.getElementById('theme');
  const applyTheme = (t) => {
    if (t === 'light' || t === 'dark') root.dataset.theme = t; else delete root.dataset.theme;
    themeButton.textContent = 'Theme: ' + (t || 'auto');
  };
  let theme = store.get('hbu-theme') || '';
  applyTheme(theme);
  themeButton.addEventListener('click', () => {
    theme = theme === '' ? 'dark' : theme === 'dark' ? 'light' : '';
    store.set('hbu-theme', theme);
    applyTheme(theme);
  });

  const box = document.getElementById('refresh');
  const query = Number(new URLSearchParams(location.search).get('refresh'));
  const seconds = query > 0 ? query : Number(document.body.dataset.refresh) || 30;
  document.getElementById('refresh-seconds').textContent = String(seconds);
  const stored = store.get('hbu-refresh');
  box.checked = query > 0 || (stored === null ? Number(document.body.dataset.refresh) > 0 : stored === 'on');
  let timer;
  const arm = () => {
    clearTimeout(timer);
    if (box.checked) timer = setTimeout(() => location.reload(), seconds * 1000);
  };
  box.addEventListener('change', () => { store.set('hbu-refresh', box.checked ? 'on' : 'off'); arm(); });
  arm();

  for (const t of document.querySelectorAll('time[datetime]')) {
    const d = new Date(t.getAttribute('datetime'));
    if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleTimeString();
  }
})();
`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** The Content-Security-Policy of the page: nothing external, only our own script. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

const STYLE = `
:root { color-scheme: light dark; --bg: #fbfbfd; --fg: #1b1e24; --muted: #5d6675; --line: #dde1e8;
  --bar: #2f6fde; --bar-bg: #e6ebf3; --gold: #b58300; --head: #f0f2f6; }
@media (prefers-color-scheme: dark) {
  :root:not([data-theme=light]) { --bg: #111418; --fg: #e8ebf0; --muted: #9aa4b2; --line: #2a3039;
    --bar: #5b9cff; --bar-bg: #232a34; --gold: #f0c24b; --head: #181c22; }
}
:root[data-theme=dark] { --bg: #111418; --fg: #e8ebf0; --muted: #9aa4b2; --line: #2a3039;
  --bar: #5b9cff; --bar-bg: #232a34; --gold: #f0c24b; --head: #181c22; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem 2rem; background: var(--bg); color: var(--fg);
  font: 18px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem 2rem; margin-bottom: 1rem; }
h1 { margin: 0; font-size: 2rem; }
.meta { color: var(--muted); font-size: .9rem; }
.controls { margin-left: auto; display: flex; gap: 1rem; align-items: center; font-size: .9rem; }
.controls button { font: inherit; padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 6px;
  background: var(--head); color: var(--fg); cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .45rem .6rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--head); position: sticky; top: 0; font-size: .85rem; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--bar); }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
th.name, td.name { text-align: left; }
td.name { max-width: 22rem; overflow: hidden; text-overflow: ellipsis; font-weight: 600; }
td.rank { font-size: 1.3rem; font-weight: 700; color: var(--muted); }
tr[data-rank="1"] td.rank { color: var(--gold); }
td.total { font-size: 1.3rem; font-weight: 700; }
.bar { display: block; height: .45rem; margin-top: .2rem; border-radius: 3px; background: var(--bar-bg); min-width: 5rem; }
.bar > span { display: block; height: 100%; border-radius: 3px; background: var(--bar); }
.pts { font-variant-numeric: tabular-nums; }
.small { color: var(--muted); font-size: .85rem; }
.empty { padding: 2rem; text-align: center; color: var(--muted); }
`;

function bar(score: number, max: number): string {
  const pct = max > 0 ? Math.max(0, Math.min(100, (score / max) * 100)) : 0;
  return `<span class="bar" aria-hidden="true"><span style="width:${pct.toFixed(1)}%"></span></span>`;
}

/** One self-contained page: inline style and script, no external asset, works offline. */
export function renderHtml(board: Board, options: HtmlOptions = {}): string {
  const title = escapeHtml(options.title ?? 'Leaderboard');
  const heads = [
    `<th data-type="num" aria-sort="ascending"><button type="button">Rank</button></th>`,
    `<th class="name" data-type="text"><button type="button">Participant</button></th>`,
    `<th data-type="num"><button type="button">Total</button></th>`,
    ...board.katas.map(
      (k) =>
        `<th data-type="num" data-kata="${escapeHtml(k.slug)}" title="${escapeHtml(k.slug)}"><button type="button">${escapeHtml(k.title)}</button></th>`,
    ),
    `<th data-type="num"><button type="button">Stages</button></th>`,
    `<th data-type="text"><button type="button">Reached</button></th>`,
    `<th data-type="text"><button type="button">Last improvement</button></th>`,
  ];
  const rows = board.entries.map((e) => {
    const cells = [
      `<td class="rank" data-v="${e.rank}">${e.rank}</td>`,
      `<td class="name" data-v="${escapeHtml(e.participant.toLowerCase())}" title="${escapeHtml(e.participant)}">${escapeHtml(e.participant)}</td>`,
      `<td class="total pts" data-v="${e.total}">${points(e.total)}${bar(e.total, board.maxTotal)}</td>`,
      ...board.katas.map((k) => {
        const c = e.katas[k.slug];
        const score = c?.score ?? 0;
        const label = c ? `${points(c.score)}` : '—';
        const stages = c ? `<span class="small"> · ${c.stagesCompleted}/${c.stages}</span>` : '';
        return `<td class="pts" data-v="${score}">${label}${stages}${bar(score, k.maxScore)}</td>`;
      }),
      `<td class="pts" data-v="${e.stagesCompleted}">${e.stagesCompleted}<span class="small"> / ${e.stages}</span></td>`,
      `<td data-v="${e.reachedAt}"><time datetime="${e.reachedAt}" title="${utc(e.reachedAt)}">${utc(e.reachedAt)}</time></td>`,
      `<td data-v="${e.lastImprovement}"><time datetime="${e.lastImprovement}" title="${utc(e.lastImprovement)}">${utc(e.lastImprovement)}</time></td>`,
    ];
    return `<tr data-rank="${e.rank}">${cells.join('')}</tr>`;
  });
  const empty = `<tr><td class="empty" colspan="${heads.length}">No results yet.</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body data-refresh="${Math.max(0, Math.floor(options.refreshSeconds ?? 0))}">
<header>
<h1>${title}</h1>
<span class="meta">${board.entries.length} participants · out of ${points(board.maxTotal)} points · updated <time datetime="${board.generatedAt}">${utc(board.generatedAt)}</time> · ties: earliest to reach the total ranks first${options.rejected ? ` · ${options.rejected} results file${options.rejected === 1 ? '' : 's'} rejected (see leaderboard.json)` : ''}</span>
<span class="controls">
<label><input type="checkbox" id="refresh"> auto-refresh (<span id="refresh-seconds">30</span> s)</label>
<button type="button" id="theme">Theme: auto</button>
</span>
</header>
<table id="board">
<thead><tr>${heads.join('')}</tr></thead>
<tbody>${rows.length > 0 ? rows.join('\n') : empty}</tbody>
</table>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
