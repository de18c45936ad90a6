/**
 * Node's own HTTP parser, llhttp, driven in-process through the parser class that node:http
 * uses internally (`HTTPParser` from the `_http_common` module, the same object `http.Server`
 * feeds socket bytes to). No sockets, no process.binding: one call per message, so a
 * differential property can run hundreds of cases in milliseconds.
 *
 * Strict mode (no lenient flags), which is what `http.createServer()` uses by default.
 */
import { createRequire } from 'node:module';

interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | Error;
  finish(): undefined | Error;
  close(): void;
  [key: number]: unknown;
}

interface ParserClass {
  new (): NativeParser;
  REQUEST: number;
  RESPONSE: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
}

const require = createRequire(import.meta.url);
const common = require('node:_http_common') as { HTTPParser: ParserClass; methods: string[] };
export const HTTPParser: ParserClass = common.HTTPParser;
/** llhttp knows a fixed list of methods; it rejects every other token. */
export const LLHTTP_METHODS: readonly string[] = common.methods;

export interface LlhttpMessage {
  method: string | undefined;
  target: string | undefined;
  version: string;
  status: number | undefined;
  reason: string | undefined;
  headers: Array<[string, string]>;
  body: string;
  trailers: Array<[string, string]>;
}

export type LlhttpResult =
  | { ok: true; messages: LlhttpMessage[] }
  | { ok: false; code: string; messages: LlhttpMessage[] };

function toPairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/**
 * Parses `input` as requests (or responses) with llhttp, then signals end of stream. The
 * messages completed before an error are returned with it.
 */
export function llhttpParse(
  input: Uint8Array,
  kind: 'request' | 'response' = 'request',
): LlhttpResult {
  const parser = new HTTPParser();
  parser.initialize(
    kind === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE,
    {},
    64 * 1024,
    0,
  );
  const messages: LlhttpMessage[] = [];
  let current: LlhttpMessage | undefined;
  let pending: string[] = [];
  let pendingUrl = '';
  parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
    pending = pending.concat(headers);
    pendingUrl += url;
  };
  parser[HTTPParser.kOnHeadersComplete] = (
    major: number,
    minor: number,
    headers: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    status: number | undefined,
    reason: string | undefined,
  ) => {
    const all = headers === undefined ? pending : pending.concat(headers);
    current = {
      method: method === undefined ? undefined : common.methods[method],
      target: url === undefined || url === '' ? pendingUrl || undefined : pendingUrl + url,
      version: `HTTP/${major}.${minor}`,
      status,
      reason,
      headers: toPairs(all),
      body: '',
      trailers: [],
    };
    pending = [];
    pendingUrl = '';
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => {
    if (current !== undefined) current.body += chunk.toString('latin1');
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    if (current === undefined) return;
    current.trailers = toPairs(pending);
    pending = [];
    // llhttp hands the trailers over with the url again: it is not the next message's.
    pendingUrl = '';
    messages.push(current);
    current = undefined;
  };
  try {
    const r = parser.execute(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    if (r instanceof Error)
      return { ok: false, code: String((r as Error & { code?: string }).code), messages };
    const f = parser.finish();
    if (f instanceof Error)
      return { ok: false, code: String((f as Error & { code?: string }).code), messages };
    if (current !== undefined) return { ok: false, code: 'INCOMPLETE', messages };
    return { ok: true, messages };
  } finally {
    parser.close();
  }
}
