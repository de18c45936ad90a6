/** The page's one stylesheet: the instructor's table and the projector view, light and dark. */
export const STYLE = `
:root { color-scheme: light dark; --bg: #fbfbfd; --fg: #1b1e24; --muted: #5d6675; --line: #dde1e8;
  --bar: #2f6fde; --bar-bg: #e6ebf3; --done: #1f9d55; --head: #f0f2f6; --gold: #b58300;
  --silver: #6b7785; --bronze: #a0522d; --top: #fff6d6; --flag: #b42318; }
@media (prefers-color-scheme: dark) {
  :root:not([data-theme=light]) { --bg: #111418; --fg: #e8ebf0; --muted: #9aa4b2; --line: #2a3039;
    --bar: #5b9cff; --bar-bg: #232a34; --done: #3ecf7a; --head: #181c22; --gold: #f0c24b;
    --silver: #c3ccd8; --bronze: #e0915a; --top: #2a2514; --flag: #ff7b6b; }
}
:root[data-theme=dark] { --bg: #111418; --fg: #e8ebf0; --muted: #9aa4b2; --line: #2a3039;
  --bar: #5b9cff; --bar-bg: #232a34; --done: #3ecf7a; --head: #181c22; --gold: #f0c24b;
  --silver: #c3ccd8; --bronze: #e0915a; --top: #2a2514; --flag: #ff7b6b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 18px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.pts { font-variant-numeric: tabular-nums; }
.small { color: var(--muted); font-size: .85rem; }
:root[data-view=projector] .instructor { display: none; }
:root:not([data-view=projector]) .projector { display: none; }

/* The instructor's view: every column, sortable, searchable, paged. */
.instructor { padding: 1.5rem 2rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem 2rem; margin-bottom: 1rem; }
h1 { margin: 0; font-size: 2rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; }
.meta { color: var(--muted); font-size: .9rem; }
.controls { margin-left: auto; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; font-size: .9rem; }
.controls button, .pager button, .controls input[type=search] { font: inherit; padding: .2rem .6rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--head); color: var(--fg); }
.controls button, .pager button { cursor: pointer; }
.pager { display: flex; gap: 1rem; align-items: center; margin: .8rem 0; font-size: .9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .45rem .6rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--head); position: sticky; top: 0; font-size: .85rem; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--bar); }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
th.name, td.name, td.text { text-align: left; }
td.name { max-width: 22rem; overflow: hidden; text-overflow: ellipsis; font-weight: 600; }
td.rank { font-size: 1.3rem; font-weight: 700; color: var(--muted); }
tr[data-top="1"] td.rank { color: var(--gold); }
tr[data-top="2"] td.rank { color: var(--silver); }
tr[data-top="3"] td.rank { color: var(--bronze); }
td.total { font-size: 1.3rem; font-weight: 700; }
.bar { display: block; height: .45rem; margin-top: .2rem; border-radius: 3px; background: var(--bar-bg); min-width: 4rem; }
.bar > span { display: block; height: 100%; border-radius: 3px; background: var(--bar); }
.ungraded { color: var(--muted); }
.empty { padding: 2rem; text-align: center; color: var(--muted); }
td.flag { color: var(--flag); font-weight: 700; }

/* The projector view: the whole board in the viewport, never a scrollbar. JS sizes the type to
   the rows that fit and collapses kata columns into a strip when numbers would not fit. */
.projector { height: 100vh; width: 100vw; overflow: hidden; display: flex; flex-direction: column;
  padding: .6vh 1.2vw; gap: .6vh; font-size: var(--fs, 22px); }
.p-head { display: flex; align-items: baseline; gap: 1.5vw; min-width: 0; }
.p-head h1 { font-size: 1.5em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.p-head .p-meta { color: var(--muted); font-size: .75em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 1; text-align: right; }
.p-board { flex: 1; min-height: 0; display: grid; grid-template-rows: auto; grid-auto-rows: var(--row-h, 2em);
  align-content: start; overflow: hidden; }
.p-row { display: grid; align-items: center; column-gap: .3em; min-width: 0;
  grid-template-columns: 2.2em minmax(4em, 11em) 4.2em repeat(var(--katas), minmax(0, 1fr));
  border-bottom: 1px solid var(--line); }
.p-row > * { min-width: 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.p-labels { color: var(--muted); font-weight: 600; align-items: end; padding-bottom: .2em; }
.p-labels > * { font-size: var(--label, .62em); }
.p-labels > .p-k { white-space: normal; overflow-wrap: normal; line-height: 1.1; text-align: center; }
.vertical .p-labels > .p-k { white-space: nowrap; writing-mode: vertical-rl; transform: rotate(180deg);
  text-align: left; justify-self: center; }
.p-rank { text-align: center; font-weight: 800; }
.p-name { font-weight: 700; }
.p-total { text-align: right; font-weight: 800; }
.p-row[data-top] { background: var(--top); }
.p-row[data-top] .p-rank { border-radius: 999px; color: #111; line-height: 1.5; }
.p-row[data-top="1"] .p-rank { background: var(--gold); }
.p-row[data-top="2"] .p-rank { background: var(--silver); }
.p-row[data-top="3"] .p-rank { background: var(--bronze); }
.p-cell { text-align: center; font-size: .8em; height: 100%; display: flex; align-items: center; justify-content: center;
  background: linear-gradient(to right, var(--bar) calc(var(--p, 0) * 100%), var(--bar-bg) 0) bottom / 100% .22em no-repeat; }
.p-cell[data-state=done] { background: linear-gradient(var(--done), var(--done)) bottom / 100% .22em no-repeat; }
.p-cell[data-state=ungraded] { color: var(--muted); background: none; }
.strip .p-cell { font-size: 0; margin: .12em 0; height: calc(100% - .24em); border-radius: .15em;
  background: color-mix(in srgb, var(--bar) calc(var(--p, 0) * 100%), var(--bar-bg)); }
.strip .p-cell[data-state=done] { background: var(--done); }
.strip .p-cell[data-state=ungraded] { background: repeating-linear-gradient(45deg, var(--bar-bg) 0 .2em, transparent .2em .4em); }
.p-ticker { display: flex; gap: 1.2em; font-size: .7em; white-space: nowrap; overflow: hidden; min-width: 0;
  border-top: 1px solid var(--line); padding-top: .3em; }
.p-ticker > * { flex: none; }
.p-ticker .p-label { font-weight: 700; color: var(--muted); }
.p-more { color: var(--muted); font-size: .7em; }
`;
