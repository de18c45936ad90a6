/**
 * The service: one request line in, one reply line out (README §1). Every serving model in this
 * kata runs these same functions; they differ only in where and when.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { err, ok, type ReplyCode } from './protocol.ts';

/** A parsed request (README §1, "The protocol"). */
export type Command =
  | { op: 'PING' }
  | { op: 'ECHO'; text: string }
  | { op: 'HASH'; rounds: number; data: string }
  | { op: 'SLEEP'; ms: number }
  | { op: 'READ'; name: string }
  | { op: 'CRASH' };

/** The bounds a request is checked against. */
export interface Limits {
  /** Largest HASH round count (default 5 000 000): a bigger one is ERR_TOO_LARGE. */
  maxRounds: number;
  /** Longest SLEEP in ms (default 10 000): a longer one is ERR_TOO_LARGE. */
  maxSleepMs: number;
}

export const DEFAULT_LIMITS: Limits = { maxRounds: 5_000_000, maxSleepMs: 10_000 };

/** What the handler needs to run a command. */
export interface HandlerOptions extends Partial<Limits> {
  /** The directory READ serves files from. */
  root: string;
  /**
   * HASH yields to the event loop after every `sliceRounds` rounds (README §2, partitioning).
   * Default: never (Infinity): right in a worker, wrong on a shared event loop.
   */
  sliceRounds?: number;
  /** What CRASH does. Default: throw (the request is answered ERR_INTERNAL). README §3, §4. */
  onCrash?: () => never;
}

/** A request the service refuses: its code is the code of the `ERR` reply. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ReplyCode;

  constructor(code: ReplyCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

const DIGITS = /^(0|[1-9][0-9]*)$/;
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function bounded(text: string, min: number, max: number): number {
  if (!DIGITS.test(text)) throw new ProtocolError('ERR_BAD_ARGUMENT');
  const value = Number(text);
  if (value < min) throw new ProtocolError('ERR_BAD_ARGUMENT');
  if (value > max) throw new ProtocolError('ERR_TOO_LARGE');
  return value;
}

/**
 * Parses one request line (without its line end). Throws ProtocolError: ERR_UNKNOWN_COMMAND for
 * a verb it does not know (verbs are upper case), ERR_BAD_ARGUMENT for a malformed argument,
 * ERR_TOO_LARGE past a limit, ERR_FORBIDDEN for a READ name that is not a plain file name.
 */
export function parseCommand(line: string, limits: Partial<Limits> = {}): Command {
  const { maxRounds, maxSleepMs } = { ...DEFAULT_LIMITS, ...limits };
  const verb = line.split(' ', 1)[0] as string;
  // Everything after the first space; undefined when there is no space at all.
  const rest = line.length > verb.length ? line.slice(verb.length + 1) : undefined;
  switch (verb) {
    case 'PING':
    case 'CRASH':
      if (rest !== undefined) throw new ProtocolError('ERR_BAD_ARGUMENT');
      return { op: verb };
    case 'ECHO':
      if (rest === undefined) throw new ProtocolError('ERR_BAD_ARGUMENT');
      return { op: 'ECHO', text: rest };
    case 'HASH': {
      if (rest === undefined) throw new ProtocolError('ERR_BAD_ARGUMENT');
      const gap = rest.indexOf(' ');
      if (gap < 0) throw new ProtocolError('ERR_BAD_ARGUMENT');
      return {
        op: 'HASH',
        rounds: bounded(rest.slice(0, gap), 1, maxRounds),
        data: rest.slice(gap + 1),
      };
    }
    case 'SLEEP':
      if (rest === undefined) throw new ProtocolError('ERR_BAD_ARGUMENT');
      return { op: 'SLEEP', ms: bounded(rest, 0, maxSleepMs) };
    case 'READ':
      if (rest === undefined || rest === '') throw new ProtocolError('ERR_BAD_ARGUMENT');
      // A name, never a path: no separator, no dot segment, no hidden file (CVE-2017-14849).
      if (!SAFE_NAME.test(rest)) throw new ProtocolError('ERR_FORBIDDEN');
      return { op: 'READ', name: rest };
    default:
      throw new ProtocolError('ERR_UNKNOWN_COMMAND');
  }
}

/** True for the commands that need a CPU rather than a wait: the ones worth another thread. */
export function isCpuBound(command: Command): boolean {
  return command.op === 'HASH' || command.op === 'CRASH';
}

/** SHA-256 applied `rounds` times: to the UTF-8 bytes of `data`, then to each digest. Hex. */
export function hashRounds(data: string, rounds: number): string {
  let digest: Buffer = Buffer.from(data); // UTF-8
  for (let i = 0; i < rounds; i++) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex');
}

/**
 * The same digest as hashRounds, computed in slices of `sliceRounds` rounds with a turn of the
 * event loop between slices, so timers and sockets are served while it runs.
 */
export async function hashSliced(
  data: string,
  rounds: number,
  sliceRounds: number,
): Promise<string> {
  let digest: Buffer = Buffer.from(data); // UTF-8
  let done = 0;
  for (;;) {
    const end = Math.min(rounds, done + Math.max(1, sliceRounds));
    for (; done < end; done++) digest = createHash('sha256').update(digest).digest();
    if (done >= rounds) return digest.toString('hex');
    await yieldToLoop();
  }
}

async function readNamed(root: string, name: string): Promise<string> {
  const base = await realpath(root);
  let real: string;
  try {
    real = await realpath(join(base, name));
  } catch {
    throw new ProtocolError('ERR_NOT_FOUND');
  }
  // A symbolic link inside the root may point anywhere: serve only what resolves inside it.
  if (!real.startsWith(base + sep)) throw new ProtocolError('ERR_FORBIDDEN');
  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch {
    throw new ProtocolError('ERR_NOT_FOUND');
  }
  return `${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Runs a command; resolves the reply line (`OK …`), rejects ProtocolError (or a crash). */
export async function execute(command: Command, options: HandlerOptions): Promise<string> {
  switch (command.op) {
    case 'PING':
      return ok('PONG');
    case 'ECHO':
      return ok(command.text);
    case 'HASH': {
      const slice = options.sliceRounds ?? Number.POSITIVE_INFINITY;
      return ok(
        Number.isFinite(slice)
          ? await hashSliced(command.data, command.rounds, slice)
          : hashRounds(command.data, command.rounds),
      );
    }
    case 'SLEEP':
      await new Promise((resolve) => setTimeout(resolve, command.ms));
      return ok(String(command.ms));
    case 'READ':
      return ok(await readNamed(options.root, command.name));
    case 'CRASH':
      if (options.onCrash) options.onCrash();
      throw new Error('CRASH');
  }
}

/** Runs a command and never rejects: a ProtocolError is `ERR <code>`, anything else ERR_INTERNAL. */
export async function handleCommand(command: Command, options: HandlerOptions): Promise<string> {
  try {
    return await execute(command, options);
  } catch (error) {
    return err(error instanceof ProtocolError ? error.code : 'ERR_INTERNAL');
  }
}

/** Parses and runs one request line; the reply line. Never rejects. */
export async function handleLine(line: string, options: HandlerOptions): Promise<string> {
  let command: Command;
  try {
    command = parseCommand(line, options);
  } catch (error) {
    // parseCommand throws ProtocolError only; handleCommand turns any other error into ERR_INTERNAL.
    return err((error as ProtocolError).code);
  }
  return handleCommand(command, options);
}
