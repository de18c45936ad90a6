/**
 * `npm run bench`: your codec, the reference and dns-packet side by side, in one process.
 * Ratios are messages/s divided by dns-packet's (goal: ≥ 1.0×). A stage you have not built
 * yet shows as skipped.
 *
 * The work is not quite the same: your encoder compresses names and dns-packet's does not
 * (so yours writes shorter messages), and yours checks more. Read the ratios as "same ballpark".
 */
import { existsSync } from 'node:fs';
import { compare } from '@hbu/kata-kit/bench';
import * as dnsPacket from 'dns-packet';
import type { DnsMessage } from '../src/index.ts';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/dns/src/index.ts', import.meta.url);
const reference = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;

const flags = {
  qr: true,
  opcode: 0,
  aa: false,
  tc: false,
  rd: true,
  ra: true,
  z: false,
  ad: false,
  cd: false,
  rcode: 0,
};
/** A typical recursive answer: a CNAME chain, two addresses, an SOA, an MX and a TXT. */
const ours: DnsMessage = {
  id: 4242,
  flags,
  questions: [{ name: 'www.example.com', type: 'A', class: 'IN' }],
  answers: [
    { name: 'www.example.com', type: 'CNAME', class: 'IN', ttl: 300, data: 'web.cdn.example.net' },
    { name: 'web.cdn.example.net', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.10' },
    { name: 'web.cdn.example.net', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.11' },
    { name: 'web.cdn.example.net', type: 'AAAA', class: 'IN', ttl: 60, data: '2001:db8::10' },
  ],
  authorities: [
    {
      name: 'example.net',
      type: 'SOA',
      class: 'IN',
      ttl: 3600,
      data: {
        mname: 'ns1.example.net',
        rname: 'hostmaster.example.net',
        serial: 2024010101,
        refresh: 7200,
        retry: 900,
        expire: 1209600,
        minimum: 300,
      },
    },
  ],
  additionals: [
    {
      name: 'example.com',
      type: 'MX',
      class: 'IN',
      ttl: 300,
      data: { preference: 10, exchange: 'mx.example.com' },
    },
    {
      name: 'example.com',
      type: 'TXT',
      class: 'IN',
      ttl: 300,
      data: ['v=spf1 mx -all', 'second string'],
    },
  ],
};
const packet: dnsPacket.Packet = {
  id: ours.id,
  type: 'response',
  flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
  questions: [{ name: 'www.example.com', type: 'A', class: 'IN' }],
  answers: [
    { name: 'www.example.com', type: 'CNAME', ttl: 300, data: 'web.cdn.example.net' },
    { name: 'web.cdn.example.net', type: 'A', ttl: 60, data: '192.0.2.10' },
    { name: 'web.cdn.example.net', type: 'A', ttl: 60, data: '192.0.2.11' },
    { name: 'web.cdn.example.net', type: 'AAAA', ttl: 60, data: '2001:db8::10' },
  ],
  authorities: [
    {
      name: 'example.net',
      type: 'SOA',
      ttl: 3600,
      data: {
        mname: 'ns1.example.net',
        rname: 'hostmaster.example.net',
        serial: 2024010101,
        refresh: 7200,
        retry: 900,
        expire: 1209600,
        minimum: 300,
      },
    },
  ],
  additionals: [
    {
      name: 'example.com',
      type: 'MX',
      ttl: 300,
      data: { preference: 10, exchange: 'mx.example.com' },
    },
    { name: 'example.com', type: 'TXT', ttl: 300, data: ['v=spf1 mx -all', 'second string'] },
  ],
};
// Each side decodes bytes it would meet on the wire: its own encoding of the same message.
const packetBytes = dnsPacket.encode(packet);
const bytesFor = (impl: typeof participant): Uint8Array | undefined => {
  try {
    return impl.encode(ours);
  } catch {
    return undefined;
  }
};
const yourBytes = bytesFor(participant);
const referenceBytes = reference === undefined ? undefined : bytesFor(reference);

const codec = (impl: typeof participant, bytes: Uint8Array | undefined) => ({
  encode: () => impl.encode(ours),
  decode: () => impl.decode(bytes ?? packetBytes),
  both: () => impl.decode(impl.encode(ours)),
});
const yours = codec(participant, yourBytes);
const refs = reference === undefined ? undefined : codec(reference, referenceBytes);
const theirs = {
  encode: () => dnsPacket.encode(packet),
  decode: () => dnsPacket.decode(packetBytes),
  both: () => dnsPacket.decode(dnsPacket.encode(packet)),
};

const row = (name: string, key: 'encode' | 'decode' | 'both') => ({
  name,
  contenders: [
    { name: 'yours', run: yours[key] },
    ...(refs === undefined ? [] : [{ name: 'reference', run: refs[key] }]),
    { name: 'dns-packet', run: theirs[key] },
  ],
});

await compare('dns codec: yours vs reference vs dns-packet (messages/s, ratio to dns-packet)', [
  row('encode (8 records)', 'encode'),
  row('decode (8 records)', 'decode'),
  row('encode + decode', 'both'),
]);
