/**
 * Content codings (RFC 9110 §8.4): gzip, deflate and br through node:zlib, streamed and capped.
 *
 *   Content-Encoding = #content-coding      (listed in the order they were applied)
 *
 * The body is decoded while it arrives, and the decoded size is checked on every output chunk:
 * a few hundred kilobytes of gzip can inflate to gigabytes (urllib3 CVE-2025-66471), so the cap
 * must stop the inflater, not judge its finished output. Every coding in the list is one more
 * inflater in the chain; more than five is an attack, not a server (undici CVE-2026-22036).
 */
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { CrawlerError } from './errors.ts';

export const MAX_CODINGS = 5;

/** Receives raw body chunks, produces the decoded body or fails. */
export interface BodyDecoder {
  write(chunk: Uint8Array): void;
  /** Resolves with the decoded body once every layer has flushed; rejects with the first error. */
  end(): Promise<Uint8Array>;
  /** Called once with the first error (cap exceeded, corrupt data). */
  onError: (error: CrawlerError) => void;
}

/** The codings of a Content-Encoding value, outermost first (the order to undo them). */
export function codingsToUndo(contentEncoding: string | undefined): string[] {
  if (contentEncoding === undefined) return [];
  const list = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (list.length > MAX_CODINGS) {
    throw new CrawlerError('ERR_CRAWLER_TOO_MANY_ENCODINGS', `${list.length} content codings`);
  }
  for (const c of list) {
    if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(c)) {
      throw new CrawlerError('ERR_CRAWLER_UNSUPPORTED_ENCODING', `content coding ${c}`);
    }
  }
  return list.reverse();
}

function inflater(coding: string): Transform {
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'deflate') return createInflate();
  return createGunzip();
}

function tooLarge(max: number): CrawlerError {
  return new CrawlerError('ERR_CRAWLER_BODY_TOO_LARGE', `body larger than ${max} bytes`);
}

/** A decoder for the given codings (outermost first), failing past `maxBytes` decoded bytes. */
export function bodyDecoder(codings: string[], maxBytes: number): BodyDecoder {
  const parts: Buffer[] = [];
  let size = 0;
  let failed: CrawlerError | undefined;
  let settle: ((error: CrawlerError) => void) | undefined;
  const decoder: BodyDecoder = {
    write: () => {},
    end: async () => new Uint8Array(0),
    onError: () => {},
  };
  const fail = (error: CrawlerError): void => {
    if (failed !== undefined) return;
    failed = error;
    decoder.onError(error);
    settle?.(error);
  };
  const collect = (chunk: Buffer): boolean => {
    size += chunk.length;
    if (size > maxBytes) {
      fail(tooLarge(maxBytes));
      return false;
    }
    parts.push(chunk);
    return true;
  };
  if (codings.length === 0) {
    decoder.write = (chunk) => {
      if (failed === undefined) collect(Buffer.from(chunk));
    };
    decoder.end = async () => {
      if (failed !== undefined) throw failed;
      return Buffer.concat(parts, size);
    };
    return decoder;
  }
  const chain = codings.map(inflater);
  for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!);
  const last = chain[chain.length - 1]!;
  const stop = (): void => {
    for (const stream of chain) stream.destroy();
  };
  for (const stream of chain) {
    stream.on('error', (error: Error) => {
      stop();
      fail(new CrawlerError('ERR_CRAWLER_DECODE', 'corrupt coded body', { cause: error }));
    });
  }
  last.on('data', (chunk: Buffer) => {
    if (failed === undefined && !collect(chunk)) stop();
  });
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    if (failed !== undefined) reject(failed);
    settle = reject;
    last.on('end', () => resolve(Buffer.concat(parts, size)));
  });
  finished.catch(() => {});
  decoder.write = (chunk) => {
    if (failed === undefined) chain[0]!.write(chunk);
  };
  decoder.end = () => {
    if (failed === undefined) chain[0]!.end();
    return finished;
  };
  return decoder;
}
