/**
 * A simulated GitHub Actions runner for the workflow-script specs: a temp folder with the event
 * payload (GITHUB_EVENT_PATH), the outputs file (GITHUB_OUTPUT) and the job summary
 * (GITHUB_STEP_SUMMARY), and a fake `gh` that answers API calls from fixtures and records them.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../src/actions-env.ts';
import { readOutputs } from '../src/actions-env.ts';
import type { Gh } from '../src/gh.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Runner {
  dir: string;
  env: Env;
  outputs: () => Record<string, string>;
  summary: () => string;
  cleanup: () => void;
}

export function simulateRunner(eventFixture: string, extra: Env = {}): Runner {
  const dir = mkdtempSync(join(tmpdir(), 'hbu-runner-'));
  const event = join(dir, 'event.json');
  copyFileSync(join(FIXTURES, eventFixture), event);
  const env: Env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'workshop/http-bottom-up',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    RUNNER_TEMP: join(dir, 'temp'),
    ...extra,
  };
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  mkdirSync(env.RUNNER_TEMP!);
  return {
    dir,
    env,
    outputs: () => readOutputs(env.GITHUB_OUTPUT!),
    summary: () => readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface GhCall {
  args: string[];
  /** The JSON body sent with --input, parsed. */
  body?: unknown;
}

/** A fake `gh`: routes are matched against the joined arguments; every call is recorded. */
export function fakeGh(
  routes: Array<[RegExp, (args: string[]) => string]>,
): Gh & { calls: GhCall[] } {
  const calls: GhCall[] = [];
  const gh = (async (args: string[]) => {
    const input = args.indexOf('--input');
    const file = input >= 0 ? args[input + 1] : undefined;
    calls.push({
      args,
      ...(file && existsSync(file) ? { body: JSON.parse(readFileSync(file, 'utf8')) } : {}),
    });
    const joined = args.join(' ');
    const route = routes.find(([pattern]) => pattern.test(joined));
    if (!route) throw new Error(`fake gh: no route for ${joined}`);
    return route[1](args);
  }) as Gh & { calls: GhCall[] };
  gh.calls = calls;
  return gh;
}

export const openPulls = (): string => readFileSync(join(FIXTURES, 'pulls.open.jsonl'), 'utf8');
