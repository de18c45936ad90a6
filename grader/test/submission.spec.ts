import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSubmission } from '../src/submission.ts';
import { fixtures } from './course.ts';

const dir = mkdtempSync(join(tmpdir(), 'hbu-submission-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--submission', () => {
  it("takes EVERY kata's src/, whatever katas are graded (a kata imports its prerequisites' src/)", () => {
    const submission = join(dir, 'every');
    mkdirSync(join(submission, 'katas/fx/src'), { recursive: true });
    mkdirSync(join(submission, 'katas/fx-two/src'), { recursive: true });
    writeFileSync(join(submission, 'katas/fx/src/index.ts'), 'export const mine = 1;\n');
    writeFileSync(join(submission, 'katas/fx-two/src/index.ts'), 'export const two = 2;\n');
    for (const copyTree of [false, true]) {
      const prepared = prepareSubmission(join(fixtures, 'repo'), submission, ['fx', 'fx-two'], {
        copyTree,
      });
      try {
        expect([...prepared.sources.keys()].sort()).toEqual(['fx', 'fx-two']);
        expect(prepared.ignored).toEqual([]);
        const two = join(prepared.sources.get('fx-two')!, 'index.ts');
        expect(readFileSync(two, 'utf8')).toContain('two = 2');
        if (copyTree) {
          expect(readFileSync(join(prepared.root, 'katas/fx-two/src/index.ts'), 'utf8')).toContain(
            'two = 2',
          );
        }
      } finally {
        prepared.cleanup();
      }
      expect(existsSync(prepared.sources.get('fx')!)).toBe(false);
    }
  });

  it('grades a src/ that is a file as the stub, and says so', () => {
    const submission = join(dir, 'file-src');
    mkdirSync(join(submission, 'katas/fx'), { recursive: true });
    writeFileSync(join(submission, 'katas/fx/src'), 'not a folder');
    const prepared = prepareSubmission(join(fixtures, 'repo'), submission, ['fx'], {
      copyTree: false,
    });
    prepared.cleanup();
    expect(prepared.sources.size).toBe(0);
    expect(prepared.ignored).toEqual(['katas/fx/src (not a folder: graded as the stub)']);
  });
});
