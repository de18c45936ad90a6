/**
 * What a stub throws. The message names the README stage to read, so the first failing
 * spec tells a participant where to start.
 */
export class NotImplementedError extends Error {
  override readonly name = 'NotImplementedError';
  readonly code = 'ERR_NOT_IMPLEMENTED';
  readonly stage: number;

  constructor(what: string, stage: number) {
    super(`${what} is not implemented yet — see README §${stage}`);
    this.stage = stage;
  }
}

/** Throws a NotImplementedError; typed `never` so a stub body type-checks. */
export function notImplemented(what: string, stage: number): never {
  throw new NotImplementedError(what, stage);
}
