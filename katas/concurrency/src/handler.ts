/**
 * The service: one request line in, one reply line out (README §1). Every serving model in this
 * kata runs these same functions; they differ only in where and when.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { ReplyCode } from './protocol.ts';

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

/**
 * Parses one request line (without its line end). Throws ProtocolError: ERR_UNKNOWN_COMMAND for
 * a verb it does not know (verbs are upper case), ERR_BAD_ARGUMENT for a malformed argument,
 * ERR_TOO_LARGE past a limit, ERR_FORBIDDEN for a READ name that is not a plain file name.
 */
export function parseCommand(line: string, limits: Partial<Limits> = {}): Command {
  // TODO: split the verb from its argument at the first space; check every argument (README §1).
  return notImplemented('parseCommand', 1);
}

/** True for the commands that need a CPU rather than a wait: the ones worth another thread. */
export function isCpuBound(command: Command): boolean {
  // TODO
  return notImplemented('isCpuBound', 1);
}

/** SHA-256 applied `rounds` times: to the UTF-8 bytes of `data`, then to each digest. Hex. */
export function hashRounds(data: string, rounds: number): string {
  // TODO: node:crypto createHash('sha256'), the raw digest fed back in.
  return notImplemented('hashRounds', 1);
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
  // TODO: between slices, `await setImmediate()` from node:timers/promises.
  return notImplemented('hashSliced', 1);
}

/** Runs a command; resolves the reply line (`OK …`), rejects ProtocolError (or a crash). */
export async function execute(command: Command, options: HandlerOptions): Promise<string> {
  // TODO: one case per op (README §1); READ stays inside options.root.
  return notImplemented('execute', 1);
}

/** Runs a command and never rejects: a ProtocolError is `ERR <code>`, anything else ERR_INTERNAL. */
export async function handleCommand(command: Command, options: HandlerOptions): Promise<string> {
  // TODO
  return notImplemented('handleCommand', 1);
}

/** Parses and runs one request line; the reply line. Never rejects. */
export async function handleLine(line: string, options: HandlerOptions): Promise<string> {
  // TODO
  return notImplemented('handleLine', 1);
}
