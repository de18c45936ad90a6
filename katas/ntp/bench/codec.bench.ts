/**
 * `npm run bench`: NTP packets decoded and encoded per second, in one process, side by side:
 *
 *   yours              decodePacket / encodePacket from src/ (skipped while they throw NotImplemented)
 *   reference          the same from reference/ntp/src (only when that folder exists)
 *   ntp-packet-parser  NtpPacketParser.parse, the npm package that exposes an NTP decoder (it
 *                      reads the packet through a string of '0'/'1' characters and returns
 *                      Dates); decode only: no npm NTP package exposes an encoder, so encode
 *                      compares yours with the reference alone.
 *
 * Ratios are ops/s divided by the last contender's; absolute numbers on a shared machine are noise.
 */
import { existsSync } from 'node:fs';
import { compare } from '@hbu/kata-kit/bench';
import { NtpPacketParser } from 'ntp-packet-parser';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/ntp/src/index.ts', import.meta.url);
const reference = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;

/** Replies of a stratum-1 and a stratum-2 server and a kiss-o'-death, as on the wire. */
const replies = [
  '240106ec000000100001800047505300e9bd4e8000000000e9bd4e8a80000000e9bd4e8a80100000e9bd4e8a80200001',
  '240206e900000a2000000f40c0000201e9bd4e7f12345678e9bd4e8a9abcdef0e9bd4e8a9abd0000e9bd4e8a9abe0000',
  `2400000000000000000000005241544500000000${'0'.repeat(8)}e9bd4e8a80000000${'0'.repeat(32)}`,
].map((hex) => Buffer.from(hex, 'hex'));

type Codec = Pick<typeof participant, 'decodePacket' | 'encodePacket'>;
const decodeAll = (impl: Codec) => replies.map((r) => impl.decodePacket(r));

const fields = reference ? decodeAll(reference) : undefined;

await compare(
  'ntp: packets per second, yours vs reference vs ntp-packet-parser (ratio to the last contender)',
  [
    {
      name: `decode ×${replies.length}`,
      contenders: [
        { name: 'yours', run: () => decodeAll(participant) },
        ...(reference === undefined
          ? []
          : [{ name: 'reference', run: () => decodeAll(reference) }]),
        { name: 'ntp-packet-parser', run: () => replies.map((r) => NtpPacketParser.parse(r)) },
      ],
    },
    {
      name: `encode ×${replies.length}`,
      contenders: [
        {
          name: 'yours',
          run: () => (fields ?? decodeAll(participant)).map((p) => participant.encodePacket(p)),
        },
        ...(reference === undefined || fields === undefined
          ? []
          : [{ name: 'reference', run: () => fields.map((p) => reference.encodePacket(p)) }]),
      ],
    },
  ],
);
