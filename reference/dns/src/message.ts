/**
 * The message (RFC 1035 §4.1): a 12-octet header, then the question, answer, authority and
 * additional sections, their sizes given by the header's four counts.
 *
 *                                   1  1  1  1  1  1
 *     0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *   |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 */
import { decodeName } from './names.ts';
import { int, readRdata, u16, u32, writeRdata } from './rdata.ts';
import { className, classNumber, questionType, typeName, typeNumber } from './registry.ts';
import {
  DnsError,
  type DnsFlags,
  type DnsMessage,
  type EdnsOption,
  type OptRecord,
  type Question,
  type ResourceRecord,
} from './types.ts';
import { Writer } from './writer.ts';

const OPT = 41;

function flagBits(f: DnsFlags): number {
  if (f === null || typeof f !== 'object') throw new DnsError('ERR_DNS_BAD_FIELD', 'flags missing');
  return (
    (f.qr ? 0x8000 : 0) |
    (int(f.opcode, 15, 'opcode') << 11) |
    (f.aa ? 0x400 : 0) |
    (f.tc ? 0x200 : 0) |
    (f.rd ? 0x100 : 0) |
    (f.ra ? 0x80 : 0) |
    (f.z ? 0x40 : 0) |
    (f.ad ? 0x20 : 0) |
    (f.cd ? 0x10 : 0) |
    int(f.rcode, 15, 'rcode')
  );
}

function readFlags(v: number): DnsFlags {
  return {
    qr: (v & 0x8000) !== 0,
    opcode: (v >>> 11) & 0xf,
    aa: (v & 0x400) !== 0,
    tc: (v & 0x200) !== 0,
    rd: (v & 0x100) !== 0,
    ra: (v & 0x80) !== 0,
    z: (v & 0x40) !== 0,
    ad: (v & 0x20) !== 0,
    cd: (v & 0x10) !== 0,
    rcode: v & 0xf,
  };
}

function section<T>(list: T[] | undefined, what: string): T[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > 0xffff) {
    throw new DnsError('ERR_DNS_BAD_FIELD', `${what} must be a list of at most 65535`);
  }
  return list;
}

function writeRecord(w: Writer, r: ResourceRecord): void {
  if (r === null || typeof r !== 'object') throw new DnsError('ERR_DNS_BAD_FIELD', 'not a record');
  if (r.type === 'OPT') {
    if ((r.name as string) !== '' && (r.name as string) !== '.') {
      throw new DnsError('ERR_DNS_BAD_FIELD', 'the OPT record is owned by the root');
    }
    w.u8(0);
    w.u16(OPT);
    w.u16(int(r.udpPayloadSize, 0xffff, 'udpPayloadSize'));
    w.u8(int(r.extendedRcode, 0xff, 'extendedRcode'));
    w.u8(int(r.version, 0xff, 'version'));
    w.u16(int(r.flags, 0xffff, 'flags'));
    const end = w.length16();
    for (const o of section(r.options, 'options')) {
      if (!(o.data instanceof Uint8Array)) throw new DnsError('ERR_DNS_BAD_RDATA', 'option data');
      w.u16(int(o.code, 0xffff, 'option code'));
      w.u16(int(o.data.length, 0xffff, 'option length'));
      w.raw(o.data);
    }
    end();
    return;
  }
  const type = typeNumber(r.type);
  if (type === OPT || type === 255)
    throw new DnsError('ERR_DNS_BAD_FIELD', `${r.type} in a record`);
  w.name(r.name, true);
  w.u16(type);
  w.u16(classNumber(r.class));
  w.u32(int(r.ttl, 0xffffffff, 'ttl'));
  const end = w.length16();
  writeRdata(w, r);
  end();
}

/** The wire form of a message, names compressed. Throws DnsError on anything it cannot write. */
export function encode(message: DnsMessage): Uint8Array {
  if (message === null || typeof message !== 'object') {
    throw new DnsError('ERR_DNS_BAD_FIELD', 'not a message');
  }
  const questions = section(message.questions, 'questions');
  const answers = section(message.answers, 'answers');
  const authorities = section(message.authorities, 'authorities');
  const additionals = section(message.additionals, 'additionals');
  const w = new Writer();
  w.u16(int(message.id, 0xffff, 'id'));
  w.u16(flagBits(message.flags));
  w.u16(questions.length);
  w.u16(answers.length);
  w.u16(authorities.length);
  w.u16(additionals.length);
  for (const q of questions) {
    if (q === null || typeof q !== 'object') throw new DnsError('ERR_DNS_BAD_FIELD', 'a question');
    w.name(q.name, true);
    w.u16(typeNumber(q.type));
    w.u16(classNumber(q.class));
  }
  for (const r of answers) writeRecord(w, r);
  for (const r of authorities) writeRecord(w, r);
  for (const r of additionals) writeRecord(w, r);
  return w.result();
}

function need(b: Uint8Array, at: number, n: number, what: string): void {
  if (at + n > b.length) throw new DnsError('ERR_DNS_UNEXPECTED_END', `${what} runs off the end`);
}

function readOptions(b: Uint8Array, start: number, end: number): EdnsOption[] {
  const options: EdnsOption[] = [];
  let at = start;
  while (at < end) {
    if (at + 4 > end) throw new DnsError('ERR_DNS_BAD_RDATA', 'an EDNS option header is cut');
    const len = u16(b, at + 2);
    if (at + 4 + len > end) throw new DnsError('ERR_DNS_BAD_RDATA', 'an EDNS option runs past');
    options.push({ code: u16(b, at), data: new Uint8Array(b.subarray(at + 4, at + 4 + len)) });
    at += 4 + len;
  }
  return options;
}

function readRecord(b: Uint8Array, at: number): [ResourceRecord, number] {
  const owner = decodeName(b, at);
  let pos = owner.next;
  need(b, pos, 10, 'a record header');
  const typeNo = u16(b, pos);
  const cls = u16(b, pos + 2);
  const ttl = u32(b, pos + 4);
  const rdlength = u16(b, pos + 8);
  pos += 10;
  need(b, pos, rdlength, 'RDATA');
  const end = pos + rdlength;
  if (typeNo === OPT) {
    if (owner.name !== '') throw new DnsError('ERR_DNS_BAD_RDATA', 'OPT not owned by the root');
    const opt: OptRecord = {
      name: '',
      type: 'OPT',
      udpPayloadSize: cls,
      extendedRcode: ttl >>> 24,
      version: (ttl >>> 16) & 0xff,
      flags: ttl & 0xffff,
      options: readOptions(b, pos, end),
    };
    return [opt, end];
  }
  const type = typeName(typeNo, false);
  const record = {
    name: owner.name,
    type,
    class: className(cls),
    ttl,
    data: readRdata(b, type, pos, end),
  } as ResourceRecord;
  return [record, end];
}

/**
 * Reads a message. Any octets at all either give a DnsMessage or throw a DnsError with a code;
 * nothing loops (RFC 1035 §4.1.4 pointers are checked in decodeName). Octets after the last
 * record are ignored.
 */
export function decode(bytes: Uint8Array): DnsMessage {
  if (!(bytes instanceof Uint8Array)) throw new DnsError('ERR_DNS_BAD_FIELD', 'not bytes');
  need(bytes, 0, 12, 'the header');
  const counts = [u16(bytes, 4), u16(bytes, 6), u16(bytes, 8), u16(bytes, 10)] as const;
  const message: DnsMessage = {
    id: u16(bytes, 0),
    flags: readFlags(u16(bytes, 2)),
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
  };
  let at = 12;
  for (let i = 0; i < counts[0]; i++) {
    const n = decodeName(bytes, at);
    need(bytes, n.next, 4, 'a question');
    const q: Question = {
      name: n.name,
      type: questionType(u16(bytes, n.next)),
      class: className(u16(bytes, n.next + 2)),
    };
    message.questions.push(q);
    at = n.next + 4;
  }
  const lists = [message.answers, message.authorities, message.additionals];
  for (const [s, list] of lists.entries()) {
    for (let i = 0; i < (counts[s + 1] as number); i++) {
      const [r, next] = readRecord(bytes, at);
      list.push(r);
      at = next;
    }
  }
  return message;
}
