// The instructor's long-running commands answer --help and refuse bad options with a reason,
// before they bind a port or grade anything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownRoot } from '../src/build.ts';

const tsx = join(ownRoot, 'node_modules/.bin/tsx');
const run = (script: string, args: string[]) =>
  spawnSync(tsx, [join(ownRoot, script), ...args], { encoding: 'utf8', timeout: 60_000 });

describe.each([
  ['room', 'packages/leaderboard/src/room/cli.ts', ['--folders', 'x']],
  ['leaderboard:serve', 'packages/leaderboard/src/serve.ts', ['results']],
])('npm run %s', (name, script, needed) => {
  it('prints its options with --help and exits 0', () => {
    const r = run(script, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: npm run ${name} --`);
    expect(r.stdout).toContain('--port <n>');
  });

  it('refuses an unknown option with a one-line reason and a pointer to --help', () => {
    const r = run(script, [...needed, '--prot', '80']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: unknown option '--prot'");
    expect(r.stderr).toContain('--help');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a port that is not a port', () => {
    const r = run(script, [...needed, '--port', '80a']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});

it('npm run room says what is missing when given no participants', () => {
  const r = run('packages/leaderboard/src/room/cli.ts', []);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('--folders DIR or --git REMOTE');
});
