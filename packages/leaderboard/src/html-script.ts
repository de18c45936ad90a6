/**
 * The page's only script. It reads no data from the board (every cell is rendered on the server,
 * escaped), so it is a constant and the Content-Security-Policy pins its hash. It switches the view
 * (`?view=projector|table`), sorts, searches and pages the table, fits the projector view to the
 * screen, and runs the theme and auto-refresh switches.
 */
export const SCRIPT = `
(() => {
  const root = document.documentElement;
  const query = new URLSearchParams(location.search);
  const view = query.get('view');
  if (view === 'projector' || view === 'table') root.dataset.view = view;

  // ── The table: sort by a column, search by name, pages of 100 rows. ──
  const table = document.getElementById('board');
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  const search = document.getElementById('search');
  const pagerText = document.getElementById('page-text');
  const PAGE = 100;
  let page = 0;
  const showPage = () => {
    const needle = search.value.trim().toLowerCase();
    const rows = [...body.rows].filter((r) => r.dataset.name !== undefined);
    const matching = rows.filter((r) => needle === '' || r.dataset.name.includes(needle));
    const pages = Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.min(page, pages - 1);
    const shown = new Set(matching.slice(page * PAGE, page * PAGE + PAGE));
    for (const r of rows) r.hidden = !shown.has(r);
    pagerText.textContent = matching.length === 0 ? 'no participant matches'
      : (page * PAGE + 1) + '–' + Math.min(matching.length, page * PAGE + PAGE) + ' of ' + matching.length;
    document.getElementById('prev').disabled = page === 0;
    document.getElementById('next').disabled = page >= pages - 1;
  };
  search.addEventListener('input', () => { page = 0; showPage(); });
  document.getElementById('prev').addEventListener('click', () => { page -= 1; showPage(); });
  document.getElementById('next').addEventListener('click', () => { page += 1; showPage(); });
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
      showPage();
    });
  });
  showPage();

  // ── The projector: as many rows as fit at a readable size, type sized to them. ──
  const projector = document.getElementById('projector');
  const board = projector.querySelector('.p-board');
  const labels = [...board.querySelectorAll('.p-labels .p-k')];
  // Kata labels get two lines at most, smaller type before a third line; when even the smallest
  // readable type does not fit across, they are turned to read upwards.
  const fitLabels = () => {
    const fs = parseFloat(getComputedStyle(projector).fontSize);
    let scale = 0.62;
    board.classList.remove('vertical');
    board.style.setProperty('--label', scale + 'em');
    const vertical = board.classList.contains('strip');
    const tooBig = () => labels.some((l) => l.scrollWidth > l.clientWidth + 1
      || (!vertical && l.scrollHeight > fs * scale * 1.1 * 2 + 2));
    if (vertical) {
      board.classList.add('vertical');
      return;
    }
    while (tooBig() && fs * (scale - 0.03) >= 12) {
      scale -= 0.03;
      board.style.setProperty('--label', scale.toFixed(2) + 'em');
    }
    if (tooBig()) {
      board.classList.add('vertical');
      board.style.setProperty('--label', '0.62em');
    }
  };
  const fit = () => {
    if (root.dataset.view !== 'projector') return;
    const rows = [...board.querySelectorAll('.p-row[data-rank]')];
    const minRow = Math.max(28, innerHeight / 24);
    let n = rows.length;
    for (let pass = 0; pass < 3; pass++) {
      const head = board.querySelector('.p-labels').offsetHeight;
      const room = board.clientHeight - head - 1;
      n = Math.max(1, Math.min(rows.length, Math.floor(room / minRow)));
      const rowH = Math.min(room / Math.max(n, 1), innerHeight / 9);
      const fs = Math.max(12, Math.min(rowH * 0.56, innerWidth / 42, 44));
      projector.style.setProperty('--fs', fs.toFixed(1) + 'px');
      board.style.setProperty('--row-h', Math.floor(rowH) + 'px');
      // Numbers that would not fit their column become a strip of coloured cells.
      board.classList.remove('strip');
      const cell = board.querySelector('.p-row[data-rank] .p-cell');
      if (cell) board.classList.toggle('strip', cell.clientWidth < fs * 0.8 * 2.6);
      fitLabels();
    }
    rows.forEach((r, i) => { r.hidden = i >= n; });
    const more = projector.querySelector('.p-more');
    const total = Number(projector.dataset.participants);
    more.textContent = total > n ? '+ ' + (total - n) + ' more (?view=table)' : '';
    const ticker = projector.querySelector('.p-ticker');
    for (const t of ticker.children) t.hidden = false;
    for (const t of ticker.children) t.hidden = t.offsetLeft + t.offsetWidth > ticker.clientWidth;
  };
  addEventListener('resize', fit);
  fit();

  // ── Theme and auto-refresh. Storage can be unavailable (file:// pages, strict privacy). ──
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch {} },
  };
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
  const asked = Number(query.get('refresh'));
  const seconds = asked > 0 ? asked : Number(document.body.dataset.refresh) || 30;
  document.getElementById('refresh-seconds').textContent = String(seconds);
  const stored = store.get('hbu-refresh');
  box.checked = asked > 0 || root.dataset.view === 'projector' && Number(document.body.dataset.refresh) > 0
    || (stored === null ? Number(document.body.dataset.refresh) > 0 : stored === 'on');
  let timer;
  const arm = () => {
    clearTimeout(timer);
    if (box.checked) timer = setTimeout(() => location.reload(), seconds * 1000);
  };
  box.addEventListener('change', () => { store.set('hbu-refresh', box.checked ? 'on' : 'off'); arm(); });
  arm();

  for (const t of document.querySelectorAll('time[datetime]')) {
    const d = new Date(t.getAttribute('datetime'));
    if (Number.isNaN(d.getTime())) continue;
    t.textContent = t.dataset.short !== undefined
      ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleTimeString();
  }
  fit();
})();
`;
