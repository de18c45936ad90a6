import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../mutation-report.ts');

function mutant(id: number, status: string, line: number, extra: object = {}) {
  return {
    id: String(id),
    mutatorName: 'EqualityOperator',
    replacement: 'a !== b',
    status,
    location: { start: { line, column: 3 }, end: { line, column: 9 } },
    ...extra,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbu-mutation-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function report(body: unknown): string {
  const file = join(dir, 'r.json');
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    cwd: resolve(import.meta.dirname, '../..'),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each case starts tsx processes: generous per-test bounds for a loaded machine (not a speed check).
describe('scripts/mutation-report.ts', { timeout: 60_000 }, () => {
  it('scores each file and the total as detected over valid, and lists what survived', () => {
    const file = report({
      files: {
        'reference/x/src/a.ts': {
          mutants: [
            mutant(1, 'Killed', 1),
            mutant(2, 'Killed', 2),
            mutant(3, 'Timeout', 3),
            mutant(4, 'Survived', 4),
            mutant(5, 'Ignored', 5),
            mutant(6, 'CompileError', 6),
          ],
        },
        'reference/x/src/b.ts': {
          mutants: [mutant(7, 'Killed', 1), mutant(8, 'NoCoverage', 9, { static: true })],
        },
      },
    });
    const { code, out } = run('x', '--report', file);
    expect(code).toBe(0);
    const lines = out.split('\n');
    // a.ts: 3 detected of 4 valid (ignored and compile errors do not count).
    expect(lines.find((l) => l.startsWith('| reference/x/src/a.ts'))).toBe(
      '| reference/x/src/a.ts | 75.00 % | 2 | 1 | 1 | 0 | 1 | 1 | 0 |',
    );
    expect(lines.find((l) => l.startsWith('| reference/x/src/b.ts'))).toBe(
      '| reference/x/src/b.ts | 50.00 % | 1 | 0 | 0 | 1 | 0 | 0 | 0 |',
    );
    expect(lines.find((l) => l.startsWith('| **all**'))).toBe(
      '| **all** | 66.67 % | 3 | 1 | 1 | 1 | 1 | 1 | 0 |',
    );
    const listed = lines.filter((l) => /^(Survived|NoCoverage|Ignored)/.test(l));
    expect(listed).toEqual([
      'Survived   reference/x/src/a.ts:4:3 EqualityOperator → "a !== b"',
      'NoCoverage reference/x/src/b.ts:9:3 EqualityOperator (static) → "a !== b"',
    ]);
    const all = run('x', '--report', file, '--all').out;
    expect(all).toContain('Ignored    reference/x/src/a.ts:5:3');
  });

  it("leaves out the kata's given files, whose old results an incremental run carries along", () => {
    const file = report({
      files: {
        'reference/concurrency/src/pool.ts': { mutants: [mutant(1, 'Killed', 1)] },
        'reference/concurrency/src/spawn-ts.ts': { mutants: [mutant(2, 'Survived', 7)] },
      },
    });
    const lines = run('concurrency', '--report', file).out.split('\n');
    expect(lines.filter((l) => l.startsWith('| reference/'))).toEqual([
      '| reference/concurrency/src/pool.ts | 100.00 % | 1 | 0 | 0 | 0 | 0 | 0 | 0 |',
    ]);
    expect(lines.find((l) => l.startsWith('| **all**'))).toBe(
      '| **all** | 100.00 % | 1 | 0 | 0 | 0 | 0 | 0 | 0 |',
    );
    expect(lines).toContain(
      'left out, given files the stub ships complete: reference/concurrency/src/spawn-ts.ts',
    );
    expect(lines.some((l) => l.startsWith('Survived'))).toBe(false);
  });

  it('stops quietly with exit 0 when its reader closes the pipe early (| head)', async () => {
    const many = Array.from({ length: 6000 }, (_, i) => mutant(i, 'Survived', i + 1));
    const file = report({ files: { 'reference/x/src/a.ts': { mutants: many } } });
    const child = spawn(process.execPath, ['--import', 'tsx', script, 'x', '--report', file], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Read one chunk (the output is far more than a pipe holds), then hang up like `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('refuses a missing or malformed report with one line and exit 1', () => {
    const missing = run('x', '--report', join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no report at .*nope\.json/);
    const bad = run('x', '--report', report('{"files": 3'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/is not a Stryker JSON report/);
    expect(run('--bogus').code).toBe(1);
  });
});
