/** Small builders shared by the specs: messages with defaults, hex, DnsError assertions. */
import { expectCode, expectRejectCode } from '@hbu/kata-kit/expect-code';
import {
  DnsError,
  type DnsErrorCode,
  type DnsFlags,
  type DnsMessage,
  Resolver,
} from '../src/index.ts';

export const NO_FLAGS: DnsFlags = {
  qr: false,
  opcode: 0,
  aa: false,
  tc: false,
  rd: false,
  ra: false,
  z: false,
  ad: false,
  cd: false,
  rcode: 0,
};

/** A whole message from the parts a spec cares about. */
export function message(
  parts: Partial<Omit<DnsMessage, 'flags'>> & { flags?: Partial<DnsFlags> } = {},
): DnsMessage {
  return {
    id: parts.id ?? 0,
    flags: { ...NO_FLAGS, ...parts.flags },
    questions: parts.questions ?? [],
    answers: parts.answers ?? [],
    authorities: parts.authorities ?? [],
    additionals: parts.additionals ?? [],
  };
}

/** "03 61 62 63 00" → bytes; spaces are ignored. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes as spaced hex, for readable failures. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A 12-octet header: id, flags, counts. */
export function header(id: number, flags: number, qd: number, an: number, ns = 0, ar = 0): string {
  const h = (n: number) => n.toString(16).padStart(4, '0');
  return `${h(id)} ${h(flags)} ${h(qd)} ${h(an)} ${h(ns)} ${h(ar)}`;
}

/** "example.com" → its uncompressed wire form as hex. */
export function wireName(name: string): string {
  if (name === '') return '00';
  return `${name
    .split('.')
    .map((l) => `${l.length.toString(16).padStart(2, '0')} ${Buffer.from(l).toString('hex')}`)
    .join(' ')} 00`;
}

export function expectDnsError(fn: () => unknown, code: DnsErrorCode, hintText?: string): DnsError {
  return expectCode(fn, DnsError, code, hintText);
}

export function expectDnsReject(
  work: Promise<unknown>,
  code: DnsErrorCode,
  hintText?: string,
): Promise<DnsError> {
  return expectRejectCode(work, DnsError, code, hintText);
}

/** A resolver of the server on `port` with a clock the spec moves by hand (either way). */
export function withClock(port: number) {
  let now = 1_000_000;
  const resolver = new Resolver({
    server: { address: '127.0.0.1', port },
    timeout: 300,
    retries: 1,
    now: () => now,
  });
  return {
    resolver,
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
