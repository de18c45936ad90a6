import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureBlock } from '../src/board.ts';
import { readHints } from '../src/manifest.ts';
import { forTerminal } from '../src/text.ts';
import { repoRoot } from './course.ts';

describe('the board', () => {
  it("shows a hint's whole first paragraph (uri-parser §1 is not cut at 'in JavaScript:')", () => {
    const hints = readHints(readFileSync(join(repoRoot, 'katas/uri-parser/HINTS.md'), 'utf8'));
    expect(hints[1]).toContain('in JavaScript:');
    expect(hints[1]).toContain('Do not replace `undefined` by');
    // The paragraph ends where the next list item starts.
    expect(hints[1]).not.toContain('The path group always matches');
  });

  it('takes a plain paragraph up to the blank line, without the list marker', () => {
    const hints = readHints(
      '## 1. A\n\nfirst line\nsecond line\n\nnext paragraph\n## 2. B\n- item one\n  wraps\n- item two\n',
    );
    expect(hints).toEqual({ 1: 'first line second line', 2: 'item one wraps' });
  });

  it('keeps both expected and received of a long failure message', () => {
    const message = `${Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n')}\nexpected: "http://a/g"\nreceived: "http://a/../g"`;
    const block = failureBlock(message, '  ');
    expect(block).toContain('expected: "http://a/g"');
    expect(block).toContain('received: "http://a/../g"');
    expect(block).toContain('line 0');
  });

  it('neutralises workflow commands wherever a newline puts them', () => {
    const name = 'adds\n::error file=x::forged\n##[error]old style\n  ::add-mask::x';
    const shown = forTerminal(name);
    for (const line of shown.split('\n')) expect(line.trimStart()).not.toMatch(/^(::|##\[)/);
    expect(shown.replaceAll('\u200b', '')).toBe(name);
  });
});
