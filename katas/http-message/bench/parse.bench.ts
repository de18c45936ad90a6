/**
 * `npm run bench`: requests parsed per second on a realistic mix, for the participant's parser,
 * the reference, Node's llhttp (the parser inside node:http, driven directly) and http-parser-js
 * (the pure-JavaScript parser Node shipped before llhttp). Ratios are to http-parser-js.
 *
 * Every contender keeps one parser per workload, as a server keeps one per connection, and
 * materializes what a server needs: method, target, field names and values, body bytes.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Contender, compare } from '@hbu/kata-kit/bench';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/http-message/src/index.ts', import.meta.url);
const reference = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;

const require = createRequire(import.meta.url);

interface LegacyParser {
  initialize?(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | Error;
  [key: number]: unknown;
}
interface LegacyParserClass {
  new (type?: number): LegacyParser;
  REQUEST: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

const llhttpClass = (require('node:_http_common') as { HTTPParser: LegacyParserClass }).HTTPParser;
const hpjsClass = (require('http-parser-js') as { HTTPParser: LegacyParserClass }).HTTPParser;

const enc = (s: string): Buffer => Buffer.from(s, 'latin1');

const smallGet = enc('GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n');

const browserGet = enc(
  'GET /articles/2026/11/http-bottom-up?ref=home&utm_source=newsletter HTTP/1.1\r\n' +
    'Host: www.example.com\r\n' +
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n' +
    'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
    'Accept-Language: en-US,en;q=0.5\r\n' +
    'Accept-Encoding: gzip, deflate, br, zstd\r\n' +
    'Connection: keep-alive\r\n' +
    'Cookie: session=7f3a9c2e41b84d0f; theme=dark\r\n' +
    'Upgrade-Insecure-Requests: 1\r\n' +
    'Sec-Fetch-Dest: document\r\n' +
    'Sec-Fetch-Mode: navigate\r\n\r\n',
);

const chunkedPost = enc(
  'POST /api/upload HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n' +
    `40\r\n${'x'.repeat(64)}\r\n100\r\n${'y'.repeat(256)}\r\n20\r\n${'z'.repeat(32)}\r\n0\r\n\r\n`,
);

const form = 'name=Ada+Lovelace&lang=en&remember=on';
const lengthPost = enc(
  'POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${form.length}\r\n\r\n${form}`,
);

const pipelined = Buffer.concat([
  smallGet,
  browserGet,
  lengthPost,
  smallGet,
  chunkedPost,
  browserGet,
  smallGet,
  lengthPost,
]);

const workloads: Array<[string, Buffer]> = [
  ['small GET (47 B)', smallGet],
  [`browser GET (${browserGet.length} B)`, browserGet],
  [`chunked POST (${chunkedPost.length} B)`, chunkedPost],
  [`pipelined batch of 8 (${pipelined.length} B)`, pipelined],
];

type KataModule = typeof participant;

function kataContender(name: string, mod: KataModule, input: Buffer): Contender {
  let parser: InstanceType<KataModule['RequestParser']> | undefined;
  return {
    name,
    run: () => {
      parser ??= new mod.RequestParser();
      let sink = 0;
      for (const e of parser.push(input)) {
        if (e.type === 'head') sink += e.head.headers.size + e.head.target.length;
        else if (e.type === 'data') sink += e.data.length;
      }
      return sink;
    },
  };
}

function legacyContender(
  name: string,
  Parser: LegacyParserClass,
  input: Buffer,
  isLlhttp: boolean,
): Contender {
  let parser: LegacyParser | undefined;
  let sink = 0;
  const make = (): LegacyParser => {
    const p = isLlhttp ? new Parser() : new Parser(Parser.REQUEST);
    if (isLlhttp) p.initialize?.(Parser.REQUEST, {}, 0, 0);
    p[Parser.kOnHeaders] = (h: string[]) => {
      sink += h.length;
    };
    // llhttp passes positional arguments, http-parser-js one info object.
    p[Parser.kOnHeadersComplete] = (
      first: number | { headers: string[]; url: string },
      _min: number,
      headers: string[],
      _m: number,
      url: string,
    ) => {
      if (typeof first === 'object') sink += first.headers.length + first.url.length;
      else sink += headers.length + url.length;
      return 0;
    };
    p[Parser.kOnBody] = (b: Buffer, start?: number, len?: number) => {
      sink += len ?? b.length - (start ?? 0);
    };
    p[Parser.kOnMessageComplete] = () => {
      sink++;
    };
    return p;
  };
  return {
    name,
    run: () => {
      parser ??= make();
      const r = parser.execute(input);
      if (r instanceof Error) throw r;
      return sink;
    },
  };
}

const rows = await compare(
  'http-message: requests parsed per second (one parser per workload, as per connection)',
  workloads.map(([name, input]) => ({
    name,
    contenders: [
      kataContender('participant', participant, input),
      ...(reference === undefined ? [] : [kataContender('reference', reference, input)]),
      legacyContender('llhttp', llhttpClass, input, true),
      legacyContender('http-parser-js', hpjsClass, input, false),
    ],
  })),
  { baseline: 'http-parser-js', timeMs: Number(process.env.BENCH_MS ?? 800) },
);

// The goals of the issue: reference ≥ 1.2× http-parser-js and ≥ 0.6× llhttp.
for (const [name] of workloads) {
  const hz = (who: string): number | undefined =>
    rows.find((r) => r.workload === name && r.contender === who)?.hz;
  const ref = hz('reference');
  const ll = hz('llhttp');
  if (ref !== undefined && ll !== undefined)
    console.log(`  ${name}: reference ÷ llhttp = ${(ref / ll).toFixed(2)}×`);
}
