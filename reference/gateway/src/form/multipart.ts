/**
 * A streaming multipart/form-data reader (RFC 7578 over RFC 2046 §5.1.1).
 *
 *   multipart-body = [preamble CRLF] dash-boundary transport-padding CRLF body-part
 *                    *( CRLF dash-boundary transport-padding CRLF body-part )
 *                    CRLF dash-boundary "--" [ transport-padding [CRLF epilogue] ]
 *
 * The reader keeps one chunk of input plus at most a delimiter's length of it: a part's body is
 * handed out as it arrives, never gathered whole. Searching for CRLF "--" boundary, with a CRLF
 * put in front of the stream, finds the first delimiter and every later one the same way.
 */
import { GatewayError } from '../errors.ts';
import type { Header } from '../types.ts';
import { baseName, decodeExtValue, parseParams } from './disposition.ts';
import type { FormOptions, FormPart } from './types.ts';

export class ByteReader {
  buf: Buffer;
  done = false;
  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    prefix: Buffer,
  ) {
    this.buf = prefix;
  }

  /** Appends the next chunk; false at the end of the input. */
  async more(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.source.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(r.value) : Buffer.concat([this.buf, r.value]);
    return true;
  }
}

const malformed = (detail: string): GatewayError =>
  new GatewayError('ERR_GATEWAY_FORM_MALFORMED', detail);

export async function* multipartParts(
  input: AsyncIterable<Uint8Array>,
  boundary: string,
  options: Required<FormOptions>,
): AsyncGenerator<FormPart> {
  const reader = new ByteReader(input[Symbol.asyncIterator](), Buffer.from('\r\n'));
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  // Preamble: everything before the first delimiter is ignored.
  for (;;) {
    const at = reader.buf.indexOf(delimiter);
    if (at >= 0) {
      reader.buf = reader.buf.subarray(at + delimiter.length);
      break;
    }
    reader.buf = reader.buf.subarray(Math.max(0, reader.buf.length - delimiter.length + 1));
    if (!(await reader.more())) throw malformed('no boundary delimiter');
  }
  let count = 0;
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise padding, CRLF, a part.
    while (reader.buf.length < 2)
      if (!(await reader.more())) throw malformed('cut after a delimiter');
    if (reader.buf[0] === 0x2d && reader.buf[1] === 0x2d) return;
    let i = 0;
    for (;;) {
      while (i < reader.buf.length && (reader.buf[i] === 0x20 || reader.buf[i] === 0x09)) i++;
      if (i + 2 <= reader.buf.length) break;
      if (!(await reader.more())) throw malformed('cut after a delimiter');
    }
    if (reader.buf[i] !== 0x0d || reader.buf[i + 1] !== 0x0a)
      throw malformed('no CRLF after a delimiter');
    reader.buf = reader.buf.subarray(i + 2);
    if (++count > options.maxParts) throw new GatewayError('ERR_GATEWAY_FORM_TOO_MANY_PARTS');
    const headers = await readPartHead(reader, options.maxHeaderBytes);
    const part = makePart(headers, reader, delimiter, options.maxPartBytes);
    yield part.part;
    await part.drain();
  }
}

async function readPartHead(reader: ByteReader, max: number): Promise<Header[]> {
  let end: number;
  for (;;) {
    // A part with no fields at all starts with the empty line.
    if (reader.buf.length >= 2 && reader.buf[0] === 0x0d && reader.buf[1] === 0x0a) {
      end = -2;
      break;
    }
    end = reader.buf.indexOf('\r\n\r\n');
    if (end >= 0) break;
    if (reader.buf.length > max) throw new GatewayError('ERR_GATEWAY_FORM_HEADER_TOO_LARGE');
    if (!(await reader.more())) throw malformed('cut inside a part head');
  }
  if (end > max) throw new GatewayError('ERR_GATEWAY_FORM_HEADER_TOO_LARGE');
  const text = end < 0 ? '' : reader.buf.subarray(0, end).toString('utf8');
  reader.buf = reader.buf.subarray(end + 4);
  const headers: Header[] = [];
  for (const line of text === '' ? [] : text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`bad part field line ${JSON.stringify(line)}`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

function makePart(
  headers: Header[],
  reader: ByteReader,
  delimiter: Buffer,
  maxBytes: number,
): { part: FormPart; drain: () => Promise<void> } {
  const field = (n: string): string | undefined =>
    headers.find(([k]) => k.toLowerCase() === n)?.[1];
  const disposition = parseParams(field('content-disposition') ?? '');
  const name = disposition.params.get('name');
  if (disposition.type !== 'form-data' || name === undefined) {
    throw malformed('a part without Content-Disposition: form-data; name=…');
  }
  const star = disposition.params.get('filename*');
  const plain = disposition.params.get('filename');
  const raw = (star === undefined ? undefined : decodeExtValue(star)) ?? plain;
  let finished = false;
  let size = 0;
  /** The next piece of this part's body; undefined at its delimiter. */
  const pull = async (): Promise<Buffer | undefined> => {
    while (!finished) {
      const at = reader.buf.indexOf(delimiter);
      // Bytes that cannot be the start of a delimiter are the part's, whatever comes next.
      const safe = at >= 0 ? at : Math.max(0, reader.buf.length - delimiter.length + 1);
      const out = reader.buf.subarray(0, safe);
      reader.buf = reader.buf.subarray(safe);
      if (at >= 0) {
        reader.buf = reader.buf.subarray(delimiter.length);
        finished = true;
      } else if (safe === 0 && !(await reader.more())) {
        throw malformed('no close delimiter');
      }
      size += out.length;
      if (size > maxBytes) throw new GatewayError('ERR_GATEWAY_FORM_PART_TOO_LARGE');
      if (out.length > 0) return out;
    }
    return undefined;
  };
  async function* body(): AsyncGenerator<Uint8Array> {
    for (let c = await pull(); c !== undefined; c = await pull()) yield c;
  }
  const stream = body();
  const collect = async (): Promise<Buffer> => {
    const parts: Uint8Array[] = [];
    for await (const chunk of stream) parts.push(chunk);
    return Buffer.concat(parts);
  };
  const part: FormPart = {
    name,
    contentType: field('content-type') ?? 'text/plain',
    headers,
    body: stream,
    bytes: collect,
    text: async () => (await collect()).toString('utf8'),
  };
  if (raw !== undefined) part.filename = baseName(raw);
  return {
    part,
    drain: async () => {
      // The application did not read (all of) this part: skip the rest.
      while ((await pull()) !== undefined) {}
    },
  };
}
