/**
 * The two CGI hosts of the checks, serving the same copy of the scripts: the reference
 * cgi-runner, and Apache httpd's mod_cgi (Debian apache2), started as uid 65534 on a free
 * loopback port with a minimal configuration of its own, stopped after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCgiServer } from '../src/index.ts';

const KATA_FIXTURES = join(import.meta.dirname, '../../../katas/cgi-runner/test/fixtures');
const CHECK_FIXTURES = join(import.meta.dirname, 'fixtures');
const MODULES = '/usr/lib/apache2/modules';
/** The PATH both hosts give scripts. */
export const SCRIPT_PATH = '/usr/local/bin:/usr/bin:/bin';

export interface Sandbox {
  base: string;
  cgiBin: string;
  www: string;
  remove(): void;
}

/** A world-readable copy of the kata's fixtures plus the checks' scripts. */
export function makeSandbox(): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'cgi-checks-'));
  chmodSync(base, 0o755);
  const cgiBin = join(base, 'cgi-bin');
  const www = join(base, 'www');
  cpSync(join(KATA_FIXTURES, 'cgi-bin'), cgiBin, { recursive: true });
  cpSync(join(KATA_FIXTURES, 'www'), www, { recursive: true });
  cpSync(CHECK_FIXTURES, cgiBin, { recursive: true });
  return { base, cgiBin, www, remove: () => rmSync(base, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export interface Host {
  port: number;
  stop(): Promise<void>;
}

export async function startReference(sandbox: Sandbox): Promise<Host> {
  const server = createCgiServer({
    cgiBin: sandbox.cgiBin,
    static: { root: sandbox.www },
    env: { PATH: SCRIPT_PATH },
    documentRoot: sandbox.www,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Apache 2.4 with mod_cgi under prefork, as uid/gid 65534 (root only starts it). */
export async function startApache(sandbox: Sandbox): Promise<Host> {
  const port = await freePort();
  const run = join(sandbox.base, 'apache');
  mkdirSync(run, { mode: 0o755 });
  if (process.getuid?.() === 0) chownSync(run, 65534, 65534);
  const conf = join(run, 'httpd.conf');
  writeFileSync(
    conf,
    [
      `ServerRoot ${run}`,
      `DefaultRuntimeDir ${run}`,
      `PidFile ${run}/httpd.pid`,
      `ErrorLog ${run}/error.log`,
      'LogLevel warn',
      `Listen 127.0.0.1:${port}`,
      'ServerName 127.0.0.1',
      `LoadModule mpm_prefork_module ${MODULES}/mod_mpm_prefork.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule alias_module ${MODULES}/mod_alias.so`,
      `LoadModule mime_module ${MODULES}/mod_mime.so`,
      `LoadModule env_module ${MODULES}/mod_env.so`,
      `LoadModule cgi_module ${MODULES}/mod_cgi.so`,
      'StartServers 2',
      'MinSpareServers 1',
      'MaxSpareServers 4',
      'TypesConfig /etc/mime.types',
      `DocumentRoot ${sandbox.www}`,
      `ScriptAlias /cgi-bin/ ${sandbox.cgiBin}/`,
      `<Directory ${sandbox.cgiBin}>`,
      '  Options +ExecCGI',
      '  Require all granted',
      '</Directory>',
      `<Directory ${sandbox.www}>`,
      '  Require all granted',
      '</Directory>',
      `SetEnv PATH ${SCRIPT_PATH}`,
      '',
    ].join('\n'),
  );
  const asNobody =
    process.getuid?.() === 0 ? ['--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const child: ChildProcess = spawn(
    'setpriv',
    [...asNobody, '/usr/sbin/apache2', '-f', conf, '-DFOREGROUND'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: SCRIPT_PATH, LANG: 'C' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`apache2 exited: ${stderr}${readLog(run)}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`apache2 did not listen on ${port}: ${stderr}${readLog(run)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      // SIGTERM: the parent stops its children, then exits.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readLog(run: string): string {
  try {
    return readFileSync(join(run, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
