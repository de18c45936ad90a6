/**
 * Multipart test tools: a body builder, a chunked input, our parts collected, and busboy (the
 * production peer) run over the same bytes.
 */
import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Environ, FormOptions } from '../src/index.ts';
import { readForm } from '../src/index.ts';
import { fakeEnviron } from './helpers.ts';

export interface BuiltPart {
  /** Field lines of the part head, e.g. `Content-Disposition: form-data; name="a"`. */
  head: string[];
  body: Uint8Array | string;
}

/** preamble, delimiter + part per part, close delimiter, epilogue. */
export function buildMultipart(
  boundary: string,
  parts: BuiltPart[],
  extra: { preamble?: string; epilogue?: string } = {},
): Buffer {
  const out: Buffer[] = [];
  if (extra.preamble !== undefined) out.push(Buffer.from(`${extra.preamble}\r\n`));
  for (const p of parts) {
    out.push(Buffer.from(`--${boundary}\r\n${p.head.map((l) => `${l}\r\n`).join('')}\r\n`));
    out.push(Buffer.from(p.body));
    out.push(Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--`));
  if (extra.epilogue !== undefined) out.push(Buffer.from(`\r\n${extra.epilogue}`));
  return Buffer.concat(out);
}

export const field = (name: string, value: string): BuiltPart => ({
  head: [`Content-Disposition: form-data; name="${name}"`],
  body: value,
});

/** An input stream that hands out `data` cut at the given sizes (the rest as one last piece). */
export function chunkedInput(data: Uint8Array, sizes: number[] = []): Environ['gateway.input'] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const s of sizes) {
    if (at >= data.length) break;
    pieces.push(data.subarray(at, at + Math.max(1, s)));
    at += Math.max(1, s);
  }
  if (at < data.length) pieces.push(data.subarray(at));
  const iterate = async function* () {
    while (pieces.length > 0) yield pieces.shift()!;
  };
  const notUsed = async (): Promise<Uint8Array> => {
    throw new Error('readForm should iterate gateway.input');
  };
  return { read: notUsed, readLine: notUsed, [Symbol.asyncIterator]: iterate };
}

export function formEnviron(contentType: string, body: Uint8Array, sizes: number[] = []): Environ {
  return fakeEnviron({
    REQUEST_METHOD: 'POST',
    CONTENT_TYPE: contentType,
    CONTENT_LENGTH: String(body.length),
    'gateway.input': chunkedInput(body, sizes),
  });
}

export interface Collected {
  name: string;
  filename: string | undefined;
  contentType: string;
  value: string;
}

/** Every part read through readForm, values as latin1 (byte-exact) strings. */
export async function collect(environ: Environ, options?: FormOptions): Promise<Collected[]> {
  const out: Collected[] = [];
  for await (const part of readForm(environ, options)) {
    out.push({
      name: part.name,
      filename: part.filename,
      contentType: part.contentType,
      value: Buffer.from(await part.bytes()).toString('latin1'),
    });
  }
  return out;
}

/** The same, by busboy; rejects on a busboy error. */
export function collectBusboy(contentType: string, body: Uint8Array): Promise<Collected[]> {
  return new Promise((resolve, reject) => {
    const out: Collected[] = [];
    const pending: Promise<void>[] = [];
    const bb = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
    bb.on('field', (name, value, info) => {
      out.push({
        name,
        filename: undefined,
        contentType: info.mimeType,
        value: Buffer.from(value, 'utf8').toString('latin1'),
      });
    });
    bb.on('file', (name, stream, info) => {
      const entry: Collected = {
        name,
        filename: info.filename,
        contentType: info.mimeType,
        value: '',
      };
      out.push(entry);
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entry.value = Buffer.concat(chunks).toString('latin1');
            done();
          });
        }),
      );
    });
    bb.on('error', reject);
    bb.on('close', () => {
      Promise.all(pending).then(() => resolve(out), reject);
    });
    Readable.from([Buffer.from(body)]).pipe(bb);
  });
}
