/**
 * Generated DNS messages in this kata's model, and a bridge to dns-packet's model for the
 * differential properties. `wide` messages use everything the model can say (escaped label
 * octets, CLASS<n>, OPT, any flag); `plain` ones only what both codecs write the same way
 * (LDH names, class IN, types both know, EDNS option codes dns-packet keeps raw).
 */
import { codePointString } from '@hbu/kata-kit/arbitraries';
import * as dnsPacket from 'dns-packet';
import fc from 'fast-check';
import type { DnsMessage, OptRecord, Question, ResourceRecord } from '../src/index.ts';

/** The one text form of a label's octets (README §1). */
export function labelText(bytes: Uint8Array): string {
  let out = '';
  for (const c of bytes) {
    if (c === 0x2e || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x21 && c <= 0x7e) out += String.fromCharCode(c);
    else out += `\\${String(c).padStart(3, '0')}`;
  }
  return out;
}

const ldhLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?$/);
const anyLabel = fc.uint8Array({ minLength: 1, maxLength: 20 }).map(labelText);

const nameOf = (label: fc.Arbitrary<string>) =>
  fc.array(label, { minLength: 0, maxLength: 5 }).map((ls) => ls.join('.'));
/** A few fixed suffixes so compression has something to find. */
const withZone = (label: fc.Arbitrary<string>) =>
  fc.oneof(
    nameOf(label),
    fc
      .tuple(nameOf(label), fc.constantFrom('example.com', 'test', 'a.b.example.org'))
      .map(([h, z]) => (h === '' ? z : `${h}.${z}`)),
  );

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
/** Canonical RFC 5952 texts: no zero groups at all, or a few written by hand. */
const ipv6 = fc.oneof(
  fc
    .array(fc.integer({ min: 1, max: 0xffff }), { minLength: 8, maxLength: 8 })
    .map((g) => g.map((x) => x.toString(16)).join(':')),
  fc.constantFrom(
    '::',
    '::1',
    '2001:db8::1',
    'fe80::1:0:0:1',
    '1:0:0:1::1',
    '2001:db8:0:1:1:1:1:1',
    '::ffff:c000:201',
  ),
);
// kata-kit's codePointString: fast-check's own binary unit cost 1–2 s to build at every import.
const txt = fc.array(codePointString({ maxLength: 60 }), { minLength: 1, maxLength: 4 });

const KNOWN = new Set([1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 255]);

function records(name: fc.Arbitrary<string>, plain: boolean): fc.Arbitrary<ResourceRecord> {
  const cls = plain
    ? fc.constant('IN' as const)
    : fc.oneof(
        fc.constant('IN' as const),
        fc.constantFrom('CH' as const, 'HS' as const),
        fc.integer({ min: 5, max: 250 }).map((n) => `CLASS${n}` as const),
      );
  const head = fc.record({ name, class: cls, ttl: u32 });
  const unknownType = plain
    ? fc.integer({ min: 65280, max: 65534 })
    : fc.integer({ min: 0, max: 0xffff }).filter((n) => !KNOWN.has(n));
  return fc.oneof(
    head.chain((h) => ipv4.map((data) => ({ ...h, type: 'A' as const, data }))),
    head.chain((h) => ipv6.map((data) => ({ ...h, type: 'AAAA' as const, data }))),
    head.chain((h) =>
      fc
        .tuple(fc.constantFrom('NS' as const, 'CNAME' as const, 'PTR' as const), name)
        .map(([type, data]) => ({
          ...h,
          type,
          data,
        })),
    ),
    head.chain((h) =>
      fc
        .record({ preference: u16, exchange: name })
        .map((data) => ({ ...h, type: 'MX' as const, data })),
    ),
    head.chain((h) => txt.map((data) => ({ ...h, type: 'TXT' as const, data }))),
    head.chain((h) =>
      fc
        .record({ priority: u16, weight: u16, port: u16, target: name })
        .map((data) => ({ ...h, type: 'SRV' as const, data })),
    ),
    head.chain((h) =>
      fc
        .record({
          mname: name,
          rname: name,
          serial: u32,
          refresh: u32,
          retry: u32,
          expire: u32,
          minimum: u32,
        })
        .map((data) => ({ ...h, type: 'SOA' as const, data })),
    ),
    head.chain((h) =>
      fc.tuple(unknownType, fc.uint8Array({ maxLength: 40 })).map(([n, data]) => ({
        ...h,
        type: `TYPE${n}` as const,
        data,
      })),
    ),
  );
}

const opt = (plain: boolean): fc.Arbitrary<OptRecord> =>
  fc.record({
    name: fc.constant('' as const),
    type: fc.constant('OPT' as const),
    udpPayloadSize: plain ? fc.integer({ min: 512, max: 0xffff }) : u16,
    extendedRcode: fc.nat(255),
    version: fc.nat(255),
    flags: u16,
    options: fc.array(
      fc.record({
        code: plain ? fc.integer({ min: 65001, max: 65534 }) : u16,
        data: fc.uint8Array({ maxLength: 12 }),
      }),
      { maxLength: 3 },
    ),
  });

function messages(plain: boolean): fc.Arbitrary<DnsMessage> {
  const name = withZone(plain ? ldhLabel : fc.oneof(ldhLabel, anyLabel));
  const question: fc.Arbitrary<Question> = fc.record({
    name,
    type: plain
      ? fc.constantFrom(
          'A' as const,
          'AAAA' as const,
          'MX' as const,
          'TXT' as const,
          'ANY' as const,
        )
      : fc.oneof(
          fc.constantFrom(
            'A' as const,
            'NS' as const,
            'SOA' as const,
            'ANY' as const,
            'SRV' as const,
          ),
          fc.integer({ min: 256, max: 0xffff }).map((n) => `TYPE${n}` as const),
        ),
    class: plain
      ? fc.constant('IN' as const)
      : fc.constantFrom('IN' as const, 'CH' as const, 'ANY' as const),
  });
  const rr = records(name, plain);
  return fc.record({
    id: u16,
    flags: fc.record({
      qr: fc.boolean(),
      opcode: fc.nat(15),
      aa: fc.boolean(),
      tc: fc.boolean(),
      rd: fc.boolean(),
      ra: fc.boolean(),
      z: fc.boolean(),
      ad: fc.boolean(),
      cd: fc.boolean(),
      rcode: fc.nat(15),
    }),
    questions: fc.array(question, { maxLength: 2 }),
    answers: fc.array(rr, { maxLength: 4 }),
    authorities: fc.array(rr, { maxLength: 2 }),
    additionals: fc
      .tuple(fc.array(rr, { maxLength: 2 }), fc.option(opt(plain), { nil: undefined }))
      .map(([rs, o]) => (o === undefined ? rs : [...rs, o])),
  });
}

/** Anything the model can say. */
export const wideMessage = messages(false);
/** What dns-packet and this kata write alike. */
export const plainMessage = messages(true);

const flagNumber = (m: DnsMessage): number => {
  const f = m.flags;
  return (
    (f.opcode << 11) |
    (f.aa ? 0x400 : 0) |
    (f.tc ? 0x200 : 0) |
    (f.rd ? 0x100 : 0) |
    (f.ra ? 0x80 : 0) |
    (f.z ? 0x40 : 0) |
    (f.ad ? 0x20 : 0) |
    (f.cd ? 0x10 : 0) |
    f.rcode
  );
};
const dpName = (n: string) => (n === '' ? '.' : n);
const ourName = (n: string) => (n === '.' ? '' : n);
const dpType = (t: string) => (t.startsWith('TYPE') ? `UNKNOWN_${t.slice(4)}` : t);

function toAnswer(r: ResourceRecord): dnsPacket.Answer {
  if (r.type === 'OPT') {
    return {
      name: '.',
      type: 'OPT',
      udpPayloadSize: r.udpPayloadSize,
      extendedRcode: r.extendedRcode,
      ednsVersion: r.version,
      flags: r.flags,
      options: r.options.map((o) => ({ code: o.code, data: Buffer.from(o.data) })),
    } as dnsPacket.Answer;
  }
  let data: unknown = r.data;
  if (r.type === 'NS' || r.type === 'CNAME' || r.type === 'PTR') data = dpName(r.data);
  else if (r.type === 'MX') data = { ...r.data, exchange: dpName(r.data.exchange) };
  else if (r.type === 'SRV') data = { ...r.data, target: dpName(r.data.target) };
  else if (r.type === 'SOA')
    data = { ...r.data, mname: dpName(r.data.mname), rname: dpName(r.data.rname) };
  else if (r.type === 'TXT') data = r.data.map((s) => Buffer.from(s));
  else if (r.type.startsWith('TYPE')) data = Buffer.from(r.data as Uint8Array);
  return {
    name: dpName(r.name),
    type: dpType(r.type),
    class: r.class,
    ttl: r.ttl,
    data,
  } as dnsPacket.Answer;
}

/** Our plain message as a dns-packet packet. */
export function toPacket(m: DnsMessage): dnsPacket.Packet {
  return {
    id: m.id,
    type: m.flags.qr ? 'response' : 'query',
    flags: flagNumber(m),
    questions: m.questions.map(
      (q) => ({ name: dpName(q.name), type: q.type, class: q.class }) as dnsPacket.Question,
    ),
    answers: m.answers.map(toAnswer),
    authorities: m.authorities.map(toAnswer),
    additionals: m.additionals.map(toAnswer),
  };
}

function fromAnswer(a: dnsPacket.Answer): ResourceRecord {
  const x = a as unknown as Record<string, unknown> & { type: string; name: string };
  if (x.type === 'OPT') {
    return {
      name: '',
      type: 'OPT',
      udpPayloadSize: x.udpPayloadSize as number,
      extendedRcode: x.extendedRcode as number,
      version: x.ednsVersion as number,
      flags: x.flags as number,
      options: (x.options as { code: number; data: Buffer }[]).map((o) => ({
        code: o.code,
        data: new Uint8Array(o.data),
      })),
    };
  }
  const type = x.type.startsWith('UNKNOWN_') ? `TYPE${x.type.slice(8)}` : x.type;
  let data: unknown = x.data;
  if (type === 'NS' || type === 'CNAME' || type === 'PTR') data = ourName(data as string);
  else if (type === 'MX')
    data = { ...(data as object), exchange: ourName((data as { exchange: string }).exchange) };
  else if (type === 'SRV')
    data = { ...(data as object), target: ourName((data as { target: string }).target) };
  else if (type === 'SOA') {
    const d = data as { mname: string; rname: string };
    data = { ...d, mname: ourName(d.mname), rname: ourName(d.rname) };
  } else if (type === 'TXT') data = (data as Buffer[]).map((b) => b.toString());
  else if (type === 'AAAA') data = aaaaBytes(data as unknown as string);
  else if (type.startsWith('TYPE')) data = new Uint8Array(data as Buffer) as unknown as Buffer;
  return { name: ourName(x.name), type, class: x.class, ttl: x.ttl, data } as ResourceRecord;
}

/** AAAA text → hex of its 16 octets, through dns-packet (texts differ, octets must not). */
export function aaaaBytes(text: string): string {
  const codec = (dnsPacket as unknown as { aaaa: { encode(t: string): Buffer } }).aaaa;
  return Buffer.from(codec.encode(text)).subarray(2).toString('hex');
}

/** A dns-packet packet in our model; AAAA data as octets in hex (see `sameAaaa`). */
export function fromPacket(p: dnsPacket.DecodedPacket): DnsMessage {
  const f = p.flags ?? 0;
  return {
    id: p.id ?? 0,
    flags: {
      qr: p.type === 'response',
      opcode: (f >> 11) & 0xf,
      aa: (f & 0x400) !== 0,
      tc: (f & 0x200) !== 0,
      rd: (f & 0x100) !== 0,
      ra: (f & 0x80) !== 0,
      z: (f & 0x40) !== 0,
      ad: (f & 0x20) !== 0,
      cd: (f & 0x10) !== 0,
      rcode: f & 0xf,
    },
    questions: (p.questions ?? []).map(
      (q) => ({ name: ourName(q.name), type: q.type, class: q.class ?? 'IN' }) as Question,
    ),
    answers: (p.answers ?? []).map(fromAnswer),
    authorities: (p.authorities ?? []).map(fromAnswer),
    additionals: (p.additionals ?? []).map(fromAnswer),
  };
}

/** The message with every AAAA's data as octets in hex. */
export function aaaaAsBytes(m: DnsMessage): DnsMessage {
  const fix = (rs: ResourceRecord[]) =>
    rs.map((r) => (r.type === 'AAAA' ? { ...r, data: aaaaBytes(r.data) } : r));
  return {
    ...m,
    answers: fix(m.answers),
    authorities: fix(m.authorities),
    additionals: fix(m.additionals),
  };
}

/** The same value with every Buffer as a plain Uint8Array: both are bytes to this kata. */
export function plainBytes<T>(value: T): T {
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (Array.isArray(value)) return value.map(plainBytes) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainBytes(v)])) as T;
  }
  return value;
}
