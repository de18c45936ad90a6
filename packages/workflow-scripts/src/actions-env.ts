/**
 * The parts of the GitHub Actions runner environment our scripts use, behind functions that take
 * the environment as a parameter, so the specs simulate a runner with a temp folder and a plain
 * object: GITHUB_EVENT_PATH (the webhook payload), GITHUB_OUTPUT (step outputs),
 * GITHUB_STEP_SUMMARY (the job summary) and GITHUB_REPOSITORY.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

export class ActionsEnvError extends Error {
  override readonly name = 'ActionsEnvError';
}

export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '')
    throw new ActionsEnvError(`${name} is not set (is this running in GitHub Actions?)`);
  return value;
}

/** The event payload the run was triggered by. */
export function readEvent<T>(env: Env): T {
  const path = requireEnv(env, 'GITHUB_EVENT_PATH');
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * Sets a step output. Uses the multi-line `name<<DELIMITER` form with a random delimiter, so a
 * value (which may carry participant text) can never end the block early and forge other outputs.
 */
export function setOutput(env: Env, name: string, value: string | number): void {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new ActionsEnvError(`bad output name ${name}`);
  const text = String(value);
  let delimiter: string;
  do delimiter = `ghadelimiter_${randomBytes(16).toString('hex')}`;
  while (text.includes(delimiter));
  appendFileSync(
    requireEnv(env, 'GITHUB_OUTPUT'),
    `${name}<<${delimiter}\n${text}\n${delimiter}\n`,
  );
}

/** Reads back every output a step set (for specs, and for a step that chains another). */
export function readOutputs(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), or to stdout outside Actions. */
export function appendSummary(env: Env, markdown: string): void {
  const path = env.GITHUB_STEP_SUMMARY;
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  if (path) appendFileSync(path, text);
  else process.stdout.write(text);
}

/** `owner/name` of the repository the workflow runs in. */
export function repository(env: Env): string {
  const repo = requireEnv(env, 'GITHUB_REPOSITORY');
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repo))
    throw new ActionsEnvError(`GITHUB_REPOSITORY ${repo} is not owner/name`);
  return repo;
}

/** Logs a workflow command (`::error::`), escaping what could start another command. */
export function annotate(level: 'error' | 'warning' | 'notice', message: string): void {
  const escaped = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  console.log(`::${level}::${escaped}`);
}
