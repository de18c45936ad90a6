/**
 * The room's seal on results it graded itself: an HMAC-SHA256 of the file's bytes, in a sidecar
 * `<file>.sig`, with a key that only the instructor's machine holds (created on first use, mode
 * 600, outside the results folder). The board of the room ranks sealed files only, so a results
 * file written or edited by hand is refused, with the reason, however valid it looks.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const SIG = '.sig';

/** Reads the key at `file`, creating a random one (mode 600) if there is none. */
export function roomKey(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${file}: not a room key (64 hex digits expected)`);
  return key;
}

const mac = (key: Buffer, bytes: Buffer): string =>
  createHmac('sha256', key).update(bytes).digest('hex');

/** Writes `<file>.sig` for the file as it is now. */
export function seal(key: Buffer, file: string): void {
  writeFileSync(`${file}${SIG}`, `${mac(key, readFileSync(file))}\n`);
}

/** Why the file is not trusted, or null when its seal matches its bytes. */
export function checkSeal(key: Buffer, file: string): string | null {
  if (!existsSync(`${file}${SIG}`)) {
    return 'not graded by this room (no seal): only results the room grades itself are ranked';
  }
  const want = Buffer.from(mac(key, readFileSync(file)), 'hex');
  const got = Buffer.from(readFileSync(`${file}${SIG}`, 'utf8').trim(), 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    return 'edited after grading: its seal does not match its contents (hand-edited or copied from elsewhere)';
  }
  return null;
}
