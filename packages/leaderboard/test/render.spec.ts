import { buildResults, fixtureCourse } from '@hbu/results';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate.ts';
import { renderHtml } from '../src/render-html.ts';
import { csvCell, escapeMarkdown, renderCsv, renderMarkdown } from '../src/render-text.ts';
import { validateResults } from '../src/validate.ts';

const evil =
  '<script>alert(1)</script><img src=x onerror=alert(2)> [a](https://e.example) @all | =X(1)';

function board() {
  const course = fixtureCourse(['uri-parser']);
  const v = validateResults(
    JSON.stringify(
      buildResults({
        course,
        participant: evil,
        timestamp: '2026-11-24T10:00:00.000Z',
        katas: { 'uri-parser': { score: 50, title: '<b>URI</b> | *parser*' } },
      }),
    ),
    'evil.json',
    { course },
  );
  if (!v.ok) throw new Error(v.error);
  return aggregate([v.result], Date.parse('2026-11-24T11:00:00Z'));
}

describe('index.html', () => {
  const html = renderHtml(board(), { title: '<i>Room 1</i>' });

  it('escapes every participant-written string', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>URI');
    expect(html).not.toContain('<i>Room');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
  });

  it('is self-contained: no external script, style, image, font or frame', () => {
    // Attribute values hold escaped participant text; only attribute names matter here.
    const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).map((t) => t.replace(/"[^"]*"/g, '""'));
    expect(tags.filter((t) => /\s(src|href|action|srcset)=/i.test(t))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('pins its only script with a Content-Security-Policy hash', () => {
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(html).toContain("default-src 'none'");
  });

  it('has light and dark themes and an auto-refresh switch', () => {
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('data-theme=light');
    expect(html).toContain('id="refresh"');
  });
});

describe('leaderboard.md', () => {
  const md = renderMarkdown(board());

  it('cannot inject HTML, links, mentions or extra table cells', () => {
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    // No raw tag, no mention, no link: every [ and ] is escaped.
    expect(row).not.toMatch(/<|@all|(?<!\\)[[\]]/);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(1 + 3 + 1 + 3 + 1);
  });

  it('escapes Markdown punctuation and newlines', () => {
    expect(escapeMarkdown('*a*\n_b_ `c` |')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\|');
  });
});

describe('leaderboard.csv', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(-3)).toBe('-3');
  });

  it('has a header and one row per participant', () => {
    const lines = renderCsv(board()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'rank,participant,total,max_total,uri-parser,stages_completed,stages,reached_at,last_improvement,submissions',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^1,<script>alert\(1\)/);
  });
});
