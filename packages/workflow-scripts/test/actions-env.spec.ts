import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionsEnvError,
  appendSummary,
  readEvent,
  repository,
  setOutput,
} from '../src/actions-env.ts';
import { type Runner, simulateRunner } from './runner.ts';

let runner: Runner;
afterEach(() => runner?.cleanup());

describe('the simulated Actions environment', () => {
  it('reads the event payload from GITHUB_EVENT_PATH', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    expect(readEvent<{ number: number }>(runner.env).number).toBe(12);
  });

  it('writes outputs with a random heredoc delimiter, so a value cannot forge another output', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    const hostile = 'x\nscore=1000\nEOF\nstatus<<EOF\npass';
    setOutput(runner.env, 'name', hostile);
    setOutput(runner.env, 'score', 62.5);
    expect(runner.outputs()).toEqual({ name: hostile, score: '62.5' });
  });

  it('appends to the job summary', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    appendSummary(runner.env, '# one');
    appendSummary(runner.env, 'two\n');
    expect(runner.summary()).toBe('# one\ntwo\n');
  });

  it('refuses to run outside Actions, naming the missing variable', () => {
    expect(() => readEvent({})).toThrow(ActionsEnvError);
    expect(() => repository({ GITHUB_REPOSITORY: 'a/b;rm -rf' })).toThrow(ActionsEnvError);
  });
});
