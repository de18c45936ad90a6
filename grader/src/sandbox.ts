/**
 * The bubblewrap sandbox of one kata run. Participant code runs inside it, as uid 65534 in a new
 * user, PID, network (loopback only), IPC and UTS namespace, with a fresh /proc, a private tmpfs
 * for /tmp, a cleared environment and a read-only view of exactly what the run needs:
 *
 * - the system's /usr (node), a few files of /etc, /dev;
 * - the trusted tree (katas, packages, node_modules, manifests) at the same absolute paths as on
 *   the host, WITHOUT `reference/` (unless the references themselves are graded) and `.git/`;
 * - the grader's own code and dependencies (the child script, the trusted config, the canaries);
 * - each submitted `katas/<slug>/src/` bound over the pristine one;
 * - forbidden packages that no spec of the kata needs replaced by an empty folder.
 *
 * Nothing in it can outlive the run: the sandbox's PID 1 dies with the grader's child
 * (`--die-with-parent`), and every process of a PID namespace dies with its PID 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const SANDBOX_UID = 65534;
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
const ETC_FILES = ['hosts', 'nsswitch.conf', 'passwd', 'group', 'localtime', 'host.conf'];
/** Entries of the trusted tree never bound into the sandbox. */
const NEVER = new Set(['.git', 'reference', '.self-check', '.stryker-tmp']);

export interface SandboxPlan {
  /** The trusted tree, bound read-only at its own path (minus `reference/` and `.git/`). */
  root: string;
  /** Bind `reference/` too (grading the references: trusted code). */
  withReference: boolean;
  /** Host folder → path inside (a submitted src/ over the pristine one). */
  overlays: Array<{ from: string; to: string }>;
  /** Folders replaced by an empty tmpfs (forbidden packages). */
  hidden: string[];
  /** Working directory inside. */
  cwd: string;
  env: Record<string, string>;
}

/** The grader's own repository (its code, packages and node_modules). */
const graderRepo = resolve(import.meta.dirname, '../..');

let available: boolean | undefined;

/** Can bubblewrap make the namespaces here? (Checked once: `bwrap … node -e 0`.) */
export function sandboxAvailable(): boolean {
  if (available !== undefined) return available;
  if (process.platform !== 'linux') {
    available = false;
    return available;
  }
  const probe = spawnSync(
    'bwrap',
    [...baseArgs(), '--ro-bind', process.execPath, process.execPath, process.execPath, '-e', '0'],
    { stdio: 'ignore', timeout: 10_000, env: {} },
  );
  available = probe.status === 0;
  return available;
}

function baseArgs(): string[] {
  const args = [
    '--unshare-user',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--clearenv',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  for (const dir of SYSTEM_DIRS) {
    const stat = lstatSync(dir, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (stat?.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  for (const name of ETC_FILES) {
    const file = join('/etc', name);
    if (existsSync(file)) args.push('--ro-bind', file, file);
  }
  return args;
}

/** `--dir` for every ancestor of `path`, so binds below it have somewhere to go. */
function parents(path: string, made: Set<string>): string[] {
  const out: string[] = [];
  const chain: string[] = [];
  for (let at = dirname(path); at !== '/' && !made.has(at); at = dirname(at)) chain.unshift(at);
  for (const dir of chain) {
    made.add(dir);
    out.push('--dir', dir);
  }
  return out;
}

/** Every top-level entry of `dir` (but NEVER ones), read-only at the same path; symlinks re-made. */
function bindTree(dir: string, made: Set<string>, except: Set<string>): string[] {
  const args = [...parents(join(dir, 'x'), made)];
  for (const name of readdirSync(dir)) {
    if (except.has(name)) continue;
    const path = join(dir, name);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) continue;
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory() || stat.isFile()) args.push('--ro-bind', path, path);
  }
  return args;
}

/** The bwrap arguments that run `command` in the sandbox of `plan`. */
export function sandboxCommand(plan: SandboxPlan, command: string[]): string[] {
  const made = new Set<string>();
  const args = baseArgs();
  // node itself, wherever it lives (a version manager's folder is outside /usr).
  const node = realpathSync(process.execPath);
  if (!SYSTEM_DIRS.some((d) => node.startsWith(`${d}/`))) {
    args.push(...parents(node, made), '--ro-bind', node, node);
  }
  // The grader's own code and dependencies first, then the trusted tree over them (they are the
  // same folders when grading this repository).
  const own = realpathSync(graderRepo);
  args.push(...bindTree(own, made, NEVER));
  const except = new Set(NEVER);
  if (plan.withReference) except.delete('reference');
  args.push(...bindTree(resolve(plan.root), made, except));
  for (const { from, to } of plan.overlays) args.push('--ro-bind', from, to);
  for (const dir of plan.hidden) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  args.push('--chdir', plan.cwd, '--', ...command);
  return args;
}
