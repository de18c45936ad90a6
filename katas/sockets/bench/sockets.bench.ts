/**
 * `npm run bench`: your line framing and address code, the reference, and the production peers
 * side by side in one process. Ratios are ops/s divided by the peer's (the last contender).
 *
 * - framing: 1000 CRLF lines cut into 1460-byte reads (one Ethernet MSS each), through your
 *   LineDecoder, split2 and node:readline (both long-lived, fed synchronously);
 * - IPv6 text to canonical text, parse only, and classification, against ipaddr.js (and
 *   Node's WHATWG URL for canonical text).
 *
 * The peers do a little more (streams, events) or less (no length limit): read the ratios as
 * "same ballpark or not". A stage you have not built yet shows as skipped.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { compare } from '@hbu/kata-kit/bench';
import ipaddr from 'ipaddr.js';
import split2 from 'split2';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/sockets/src/index.ts', import.meta.url);
const reference = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;

const LINES = 1000;
const wire = Buffer.from(
  Array.from(
    { length: LINES },
    (_, i) => `MSG user${i % 17} a line of chat text number ${i}\r\n`,
  ).join(''),
);
const reads: Buffer[] = [];
for (let at = 0; at < wire.length; at += 1460) reads.push(wire.subarray(at, at + 1460));

let sink = 0;
const splitter = split2(/\r?\n/);
splitter.on('data', () => {
  sink++;
});
const input = new PassThrough();
createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on('line', () => {
  sink++;
});

const framing = (impl: typeof participant) => () => {
  const decoder = new impl.LineDecoder();
  for (const chunk of reads) sink += decoder.push(chunk).length;
};

const addresses = [
  '2001:0db8:0000:0000:0001:0000:0000:0001',
  'FE80:0:0:0:0:0:0:1',
  '::1',
  '2606:4700:4700::1111',
  '2001:db8:85a3:0:0:8a2e:370:7334',
  'ff02:0:0:0:0:0:0:fb',
  'fd12:3456:789a:1::1',
  '0:0:0:0:0:0:0:0',
];

type Impl = typeof participant;
const ours = (run: (impl: Impl) => unknown) => [
  { name: 'yours', run: () => run(participant) },
  ...(reference === undefined ? [] : [{ name: 'reference', run: () => run(reference) }]),
];

await compare('sockets: yours vs reference vs production peers (ops/s, ratio to the last)', [
  {
    name: `frame ${LINES} lines in ${reads.length} reads`,
    contenders: [
      { name: 'yours', run: framing(participant) },
      ...(reference === undefined ? [] : [{ name: 'reference', run: framing(reference) }]),
      {
        name: 'split2',
        run: () => {
          for (const r of reads) splitter.write(r);
        },
      },
      {
        name: 'node:readline',
        run: () => {
          for (const r of reads) input.write(r);
        },
      },
    ],
  },
  {
    name: `IPv6 canonical text ×${addresses.length}`,
    contenders: [
      ...ours((impl) => addresses.map((a) => impl.formatIP(impl.parseIPv6(a)))),
      { name: 'WHATWG URL', run: () => addresses.map((a) => new URL(`http://[${a}]/`).hostname) },
      { name: 'ipaddr.js', run: () => addresses.map((a) => ipaddr.IPv6.parse(a).toString()) },
    ],
  },
  {
    name: `IPv6 parse ×${addresses.length}`,
    contenders: [
      ...ours((impl) => addresses.map((a) => impl.parseIPv6(a))),
      { name: 'ipaddr.js', run: () => addresses.map((a) => ipaddr.IPv6.parse(a)) },
    ],
  },
  {
    name: `classify ×${addresses.length}`,
    contenders: [
      ...ours((impl) => addresses.map((a) => impl.classify(a))),
      { name: 'ipaddr.js', run: () => addresses.map((a) => ipaddr.parse(a).range()) },
    ],
  },
]);
if (sink < 0) console.log(sink);
