/**
 * Content codings (RFC 9110 §8.4): gzip, deflate and br through node:zlib, streamed and capped.
 *
 *   Content-Encoding = #content-coding      (listed in the order they were applied)
 *
 * The body is decoded while it arrives, and the decoded size is checked on every output chunk:
 * a few hundred kilobytes of gzip can inflate to gigabytes (urllib3 CVE-2025-66471), so the cap
 * must stop the inflater, not judge its finished output. Every coding in the list is one more
 * inflater in the chain; more than five is an attack, not a server (undici CVE-2026-22036).
 * (A body that arrives whole in one chunk takes a faster path under the same cap: bodyDecoder.)
 */
import { constants } from 'node:buffer';
import type { Transform } from 'node:stream';
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzipSync,
  inflateSync,
} from 'node:zlib';
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

/**
 * A decoder for the given codings (outermost first), failing past `maxBytes` decoded bytes.
 *
 * Fast path, for the common case of one coding and a small body: the first chunk is held back,
 * not inflated. If the body ends there (a page of a few KiB arrives in one socket read), it is
 * decoded in one synchronous zlib call whose `maxOutputLength` is the cap — zlib stops
 * inflating as soon as the output would pass it, so a bomb in one chunk stops at `maxBytes`
 * exactly as it does in the stream, without the stream's per-chunk and per-response cost
 * (a Transform, a thread-pool hop for every chunk and for the final flush). A second chunk
 * switches to the stream, which receives the held chunk first. Stacked codings always stream:
 * the cap is on the final output, and a sync call per layer could only cap each layer.
 */
export function bodyDecoder(codings: string[], maxBytes: number): BodyDecoder {
  if (codings.length === 0) return identityDecoder(maxBytes);
  if (codings.length > 1) return streamDecoder(codings, maxBytes);
  const coding = codings[0]!;
  let held: Buffer | undefined;
  let stream: BodyDecoder | undefined;
  // Methods, not arrow properties: nothing to rename per response under tsx (see exchange.ts).
  const decoder: BodyDecoder = {
    write(chunk) {
      if (stream !== undefined) {
        stream.write(chunk);
      } else if (held === undefined) {
        held = Buffer.from(chunk); // a copy: the chunk is a view of the socket's buffer
      } else {
        stream = streamDecoder(codings, maxBytes);
        stream.onError = (error) => decoder.onError(error);
        stream.write(held);
        held = undefined;
        stream.write(chunk);
      }
    },
    async end() {
      if (stream !== undefined) return stream.end();
      try {
        return inflateSyncCapped(coding, held ?? Buffer.alloc(0), maxBytes);
      } catch (error) {
        if (error instanceof CrawlerError) throw error;
        // zlib's RangeError when the output would pass maxOutputLength: the cap, not corruption.
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
        throw new CrawlerError('ERR_CRAWLER_DECODE', 'corrupt coded body', { cause: error });
      }
    },
    onError() {},
  };
  return decoder;
}

/** No coding: the body as it comes, copied chunk by chunk, up to the cap. */
function identityDecoder(maxBytes: number): BodyDecoder {
  const parts: Buffer[] = [];
  let size = 0;
  let failed: CrawlerError | undefined;
  return {
    write(chunk) {
      if (failed !== undefined) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = tooLarge(maxBytes);
        this.onError(failed);
        return;
      }
      parts.push(Buffer.from(chunk)); // a copy: the chunk is a view of the socket's buffer
    },
    async end() {
      if (failed !== undefined) throw failed;
      // One part (a small body) is the body itself: Buffer.concat would copy it once more.
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    },
    onError() {},
  };
}

function inflateSyncCapped(coding: string, input: Buffer, maxBytes: number): Buffer {
  // zlib stops one byte past the cap (its limit must be at least 1, and the byte past the cap
  // is how the check below tells "exactly maxBytes" from "more"); a larger output throws.
  const options = { maxOutputLength: Math.min(constants.MAX_LENGTH, Math.floor(maxBytes) + 1) };
  const out =
    coding === 'br'
      ? brotliDecompressSync(input, options)
      : coding === 'deflate'
        ? inflateSync(input, options)
        : gunzipSync(input, options);
  if (out.length > maxBytes) throw tooLarge(maxBytes);
  return out;
}

/** The streamed decoder: a chain of inflaters, the decoded size checked on every output chunk. */
function streamDecoder(codings: string[], maxBytes: number): BodyDecoder {
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
  // One part (a small body) is the body itself: Buffer.concat would copy it once more.
  const joined = (): Buffer => (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
  const collect = (chunk: Buffer): boolean => {
    size += chunk.length;
    if (size > maxBytes) {
      fail(tooLarge(maxBytes));
      return false;
    }
    parts.push(chunk);
    return true;
  };
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
    last.on('end', () => resolve(joined()));
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
