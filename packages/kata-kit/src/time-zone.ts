/**
 * Runs a probe script of a kata in a child process with another time zone.
 *
 * Why a child: a time zone is process-wide, read once by ICU. Setting `process.env.TZ` inside a
 * vitest worker thread changes nothing, and changing it in the main process would move every
 * spec file at once. A spec that must show that dates are formatted and parsed in UTC whatever
 * the machine's zone (`getHours()` instead of `getUTCHours()` passes on a UTC build machine and
 * fails on a participant's laptop in Paris) starts the probe here, under a zone with an odd
 * offset, and compares what it prints with the UTC answer.
 *
 * The probe is a plain `.ts` file, run with kata-kit's TypeScript hooks (`ts-loader/`: esbuild's
 * transform, half the start-up of `--import tsx`, which is most of a probe's cost). It finds the implementation under test in
 * `HBU_IMPL` (the URL of `src/index.ts` of the participant's kata, or of the reference with
 * KATA_IMPL=reference) and writes one JSON value per line on stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { toReferencePath } from './impl-resolver.ts';
import { implFromEnv, repoRoot } from './repo-paths.ts';

const TS_LOADER = new URL('./ts-loader/register.mjs', import.meta.url).href;

/** UTC+13:45 in (southern) winter, +12:45 in summer: the date differs from UTC's for hours. */
export const ODD_TIME_ZONE = 'Pacific/Chatham';

export interface ProbeProcess {
  /** The next JSON line the probe printed; fails after `timeoutMs` or when the probe exits. */
  next(timeoutMs?: number): Promise<unknown>;
  /** Ends the probe (closes its stdin, then kills it) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `script` with TZ=`timeZone` and HBU_IMPL pointing at the implementation under test:
 * `srcIndex` (the spec's own `../src/index.ts`, wherever the kata was copied), or its reference
 * twin when KATA_IMPL=reference — the same swap the vitest resolver makes.
 */
export function startProbe(
  srcIndex: string,
  script: string,
  options: { timeZone?: string; args?: string[] } = {},
): ProbeProcess {
  const file = implFromEnv() === 'reference' ? (toReferencePath(srcIndex) ?? srcIndex) : srcIndex;
  const impl = pathToFileURL(file).href;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', TS_LOADER, script, ...(options.args ?? [])],
    {
      cwd: repoRoot,
      env: { ...process.env, TZ: options.timeZone ?? ODD_TIME_ZONE, HBU_IMPL: impl },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  let exited = false;
  let wake: (() => void) | undefined;
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((l) => l.trim() !== ''));
    wake?.();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      wake?.();
      resolve();
    }),
  );
  return {
    async next(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (lines.length === 0) {
        if (exited || Date.now() >= deadline) {
          const why = exited ? 'the probe exited' : `no output within ${timeoutMs} ms`;
          throw new Error(`${why}; stderr: ${stderr.slice(0, 600) || '(empty)'}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return JSON.parse(lines.shift()!) as unknown;
    },
    async stop() {
      if (!exited) {
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        child.kill('SIGTERM');
        await exit;
        clearTimeout(timer);
      }
    },
  };
}
