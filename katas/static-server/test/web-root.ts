/**
 * The fixture web root, built fresh in a temporary directory: a copy of test/fixtures plus what
 * must not be committed — a 5 MiB file, symlinks (two pointing outside the root), and names a
 * Windows checkout could not hold (`<`, `>`, `"`). No test-runner imports: the bench uses it too.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Every file outside the served roots contains this marker. A body containing it is a breach. */
export const SECRET = 'TOP SECRET';

/** A fixed modification time, so Last-Modified is known: Tue, 02 Jan 2024 03:04:05 GMT. */
export const HELLO_MTIME = new Date('2024-01-02T03:04:05.678Z');
export const HELLO_LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';
export const HELLO = 'Hello, world!\n';

/** Names created at setup (not committed: not valid file names on Windows). */
export const XSS_FILE = `<img src=x onerror=alert(1)> "q" & 'a'.txt`;
export const XSS_DIR = '<svg onload=alert(1)>';

export interface WebRoot {
  /** The temporary copy of test/fixtures. */
  base: string;
  /** The web root: base/root. */
  root: string;
  /** Contents of root/big.bin (5 MiB, deterministic). */
  big: Buffer;
}

/** Deterministic pseudo-random bytes (xorshift32): the same on every machine. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function makeWebRoot(): WebRoot {
  const base = mkdtempSync(join(tmpdir(), 'hbu-static-'));
  cpSync(FIXTURES, base, { recursive: true });
  const root = join(base, 'root');
  const big = pseudoRandomBytes(5 * 1024 * 1024);
  writeFileSync(join(root, 'big.bin'), big);
  utimesSync(join(root, 'hello.txt'), HELLO_MTIME, HELLO_MTIME);
  // Symlinks: two that leave the root, two that stay inside it.
  symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync('../outside', join(root, 'escape-dir'));
  symlinkSync('hello.txt', join(root, 'link-to-hello.txt'));
  symlinkSync('../sub', join(root, 'plain-dir', 'link-to-sub'));
  writeFileSync(join(root, 'listing', XSS_FILE), 'xss\n');
  mkdirSync(join(root, XSS_DIR));
  writeFileSync(join(root, XSS_DIR, 'index.html'), 'xss dir\n');
  return { base, root, big };
}
