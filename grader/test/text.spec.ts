import { buildResults } from '@hbu/results';
import { describe, expect, it } from 'vitest';
import { colorsFor, renderBoard } from '../src/board.ts';
import { renderMarkdown } from '../src/markdown.ts';
import type { Results } from '../src/results.ts';
import { toGradescope } from '../src/results.ts';
import { forTerminal, mdCode, mdInline } from '../src/text.ts';

const evil =
  '@octocat see #1 <img src=x onerror=alert(1)> **bold** [link](http://evil.example) www.evil.example | ` ``` \u001b[31mred\u001b[0m';

/** The one results builder (@hbu/results), with participant-controlled text put in. */
function sample(): Results {
  const results = buildResults({
    participant: '@admin',
    commit: null,
    sandbox: false,
    katas: { k: { stages: [[1, 10]] } },
    course: [{ slug: 'k', stages: [{ id: 1, title: 'One', weight: 100 }] }],
  });
  const kata = results.katas[0]!;
  kata.title = 'K';
  kata.flagged = [`test/a.spec.ts › ${evil} (not an expected test)`];
  kata.stages[0]!.first_failure = { name: '1. One › b', message: evil, hint: 'Read the RFC.' };
  results.tests.push({
    name: `1. One › ${evil}`,
    kata: 'k',
    file: 'test/a.spec.ts',
    task_id: 1,
    status: 'fail',
    score: 0,
    max_score: 0,
    message: `${evil}\n\`\`\`\`\n</details>`,
    output: null,
    duration_ms: 1,
  });
  results.ignored_changes = ['package.json'];
  return results;
}

describe('escaping what came from participant code', () => {
  it('turns every punctuation character of inline Markdown into an entity', () => {
    const out = mdInline(evil);
    expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[@#<>*[\]()|`&]/);
    expect(out).toContain('&#64;octocat');
    expect(out).not.toContain('\u001b');
  });

  it('fences code with more backticks than the content holds', () => {
    const block = mdCode('a ```` b');
    expect(block.startsWith('`````text\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });

  it('keeps escape sequences and control characters off the terminal', () => {
    expect(forTerminal('a\u001b[2Jb\u001b]0;title\u0007c\rd\u202ee')).toBe('abcde');
  });

  it('renders Markdown with no mention, link, HTML or table break from a message or test name', () => {
    const md = renderMarkdown(sample());
    const outsideFences = md.replace(/(`{3,})text\n[\s\S]*?\n\1/g, '');
    expect(outsideFences).not.toMatch(/@\w/);
    expect(outsideFences).not.toContain('<img');
    expect(outsideFences).not.toContain('](http');
    expect(outsideFences).not.toContain('www.evil');
    expect(md).toContain('&#64;admin');
    // The message's own fence and </details> stay inside the code block.
    expect(md).toContain('`````text');
  });
});

describe('the terminal board', () => {
  it('has no colour with NO_COLOR, nor when stdout is not a TTY', () => {
    for (const [tty, env] of [
      [true, { NO_COLOR: '1' }],
      [false, {}],
    ] as const) {
      const board = renderBoard(sample(), colorsFor({ write: () => true, isTTY: tty }, env));
      expect(board).not.toContain('\u001b');
    }
  });

  it('is coloured on a TTY and shows stage bars, points, the first failure and the hint', () => {
    const board = renderBoard(sample(), colorsFor({ write: () => true, isTTY: true }, {}));
    expect(board).toContain('\u001b[');
    const plain = renderBoard(sample(), colorsFor({ write: () => true, isTTY: false }, {}));
    expect(plain).toContain('1. One');
    expect(plain).toMatch(/██░+ +10 \/ 100/);
    expect(plain).toContain('✗ 1. One › b');
    expect(plain).toContain('hint: Read the RFC. (HINTS.md §1)');
    expect(plain).toMatch(/Total .* 10 \/ 100/);
    expect(plain).not.toContain('\u001b[31mred');
  });
});

describe('Gradescope format', () => {
  it('has the total and one entry per test with score, max_score, name, status and output', () => {
    const gs = toGradescope(sample());
    expect(gs.score).toBe(10);
    expect(gs.tests).toHaveLength(11);
    expect(gs.tests[0]).toMatchObject({ score: 10, max_score: 10, status: 'passed' });
    expect(gs.tests.at(-1)).toMatchObject({
      score: 0,
      max_score: 0,
      status: 'failed',
      name: expect.stringContaining('k › 1. One'),
    });
  });
});
