/**
 * `readForm(environ)`: the fields of a submitted form, one part at a time, for the two encodings
 * an HTML form uses: application/x-www-form-urlencoded (WHATWG URL §5) and multipart/form-data
 * (RFC 7578). Multipart parts stream: a file is never held whole in memory.
 */
import { GatewayError } from '../errors.ts';
import type { Environ } from '../types.ts';
import { boundaryOf, parseParams } from './disposition.ts';
import { multipartParts } from './multipart.ts';
import type { FormOptions, FormPart } from './types.ts';

const DEFAULTS: Required<FormOptions> = {
  maxPartBytes: 10 * 1024 * 1024,
  maxParts: 1000,
  maxHeaderBytes: 8 * 1024,
};

export function readForm(environ: Environ, options: FormOptions = {}): AsyncIterable<FormPart> {
  const settings = { ...DEFAULTS, ...options };
  const contentType = environ.CONTENT_TYPE ?? '';
  const type = parseParams(contentType).type;
  if (type === 'application/x-www-form-urlencoded') {
    return urlencodedParts(environ['gateway.input'], settings);
  }
  if (type === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    if (boundary === undefined) throw new GatewayError('ERR_GATEWAY_FORM_BOUNDARY', contentType);
    return multipartParts(environ['gateway.input'], boundary, settings);
  }
  throw new GatewayError('ERR_GATEWAY_FORM_TYPE', contentType || '(none)');
}

async function* urlencodedParts(
  input: AsyncIterable<Uint8Array>,
  options: Required<FormOptions>,
): AsyncGenerator<FormPart> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += chunk.length;
    if (size > options.maxPartBytes) throw new GatewayError('ERR_GATEWAY_FORM_PART_TOO_LARGE');
    chunks.push(chunk);
  }
  const pairs = [...new URLSearchParams(Buffer.concat(chunks).toString('utf8'))];
  if (pairs.length > options.maxParts) throw new GatewayError('ERR_GATEWAY_FORM_TOO_MANY_PARTS');
  for (const [name, value] of pairs) {
    const bytes = Buffer.from(value, 'utf8');
    yield {
      name,
      contentType: 'text/plain',
      headers: [],
      body: (async function* () {
        yield bytes;
      })(),
      bytes: async () => bytes,
      text: async () => value,
    };
  }
}
