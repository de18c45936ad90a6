/**
 * dns: RFC 1035 messages on the wire, and a stub resolver over UDP and TCP.
 *
 * This file is yours. The names, types and signatures below are final: the specs import
 * them. Replace each `notImplemented(…)` with your code, stage by stage (README.md), and
 * split the work into more files under src/ whenever it helps. `node:dns` and `dns-packet`
 * are off limits here (kata.json): the point is to write what they do.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
/** The stable codes of DnsError. README "Errors" says which input throws which. */
export type DnsErrorCode =
  | 'ERR_DNS_UNEXPECTED_END'
  | 'ERR_DNS_BAD_POINTER'
  | 'ERR_DNS_BAD_LABEL_TYPE'
  | 'ERR_DNS_LABEL_TOO_LONG'
  | 'ERR_DNS_NAME_TOO_LONG'
  | 'ERR_DNS_BAD_NAME'
  | 'ERR_DNS_BAD_RDATA'
  | 'ERR_DNS_BAD_FIELD'
  | 'ERR_DNS_TIMEOUT'
  | 'ERR_DNS_SERVFAIL'
  | 'ERR_DNS_REFUSED'
  | 'ERR_DNS_RCODE'
  | 'ERR_DNS_CNAME_CHAIN';

/** What every function of this kata throws. Ready to use: `throw new DnsError(…)`. */
export class DnsError extends Error {
  override readonly name = 'DnsError';
  readonly code: DnsErrorCode;

  constructor(code: DnsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The record types this kata knows; any other is `TYPE<n>` (RFC 3597 §5), e.g. `TYPE65280`. */
export type KnownType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'PTR' | 'MX' | 'TXT' | 'AAAA' | 'SRV';

/** A type in a question: a record type, ANY (255) or `TYPE<n>`. */
export type QuestionType =
  | 'A'
  | 'NS'
  | 'CNAME'
  | 'SOA'
  | 'PTR'
  | 'MX'
  | 'TXT'
  | 'AAAA'
  | 'SRV'
  | 'ANY'
  | `TYPE${number}`;

/** IN (1), CH (3), HS (4), NONE (254), ANY (255), or `CLASS<n>` (RFC 3597 §5). */
export type RecordClass = 'IN' | 'CH' | 'HS' | 'NONE' | 'ANY' | `CLASS${number}`;

/** The header's second 16 bits (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD). */
export interface DnsFlags {
  /** Query (false) or response (true). */
  qr: boolean;
  /** 4 bits: 0 QUERY, 1 IQUERY, 2 STATUS, 4 NOTIFY, 5 UPDATE. */
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated: the answer did not fit; ask again over TCP. */
  tc: boolean;
  /** Recursion desired. */
  rd: boolean;
  /** Recursion available. */
  ra: boolean;
  /** The reserved bit: must be zero on the wire, kept as read. */
  z: boolean;
  /** Authentic data (DNSSEC). */
  ad: boolean;
  /** Checking disabled (DNSSEC). */
  cd: boolean;
  /** 4 bits: 0 NOERROR, 1 FORMERR, 2 SERVFAIL, 3 NXDOMAIN, 4 NOTIMP, 5 REFUSED. */
  rcode: number;
}

/** One entry of the question section. */
export interface Question {
  /** Presentation form without the final dot: "example.com"; the root is "". */
  name: string;
  type: QuestionType;
  class: RecordClass;
}

/** Fields every record but OPT has. */
export interface RecordHeader {
  /** The owner name, presentation form without the final dot. */
  name: string;
  class: RecordClass;
  /** Seconds, 0 … 2^32 - 1. */
  ttl: number;
}

export interface ARecord extends RecordHeader {
  type: 'A';
  /** Dotted quad: "192.0.2.1". */
  data: string;
}
export interface AaaaRecord extends RecordHeader {
  type: 'AAAA';
  /** RFC 5952 text: lowercase, the longest run of two or more zero groups as "::". */
  data: string;
}
export interface NameRecord extends RecordHeader {
  type: 'NS' | 'CNAME' | 'PTR';
  /** A domain name. */
  data: string;
}
export interface MxRecord extends RecordHeader {
  type: 'MX';
  data: { preference: number; exchange: string };
}
export interface TxtRecord extends RecordHeader {
  type: 'TXT';
  /** One or more character-strings, each at most 255 bytes once UTF-8 encoded. */
  data: string[];
}
export interface SrvRecord extends RecordHeader {
  type: 'SRV';
  data: { priority: number; weight: number; port: number; target: string };
}
export interface SoaRecord extends RecordHeader {
  type: 'SOA';
  data: {
    mname: string;
    rname: string;
    serial: number;
    refresh: number;
    retry: number;
    expire: number;
    /** The negative-caching TTL (RFC 2308 §4). */
    minimum: number;
  };
}
/** A type this kata does not know, RDATA kept as bytes (RFC 3597). */
export interface UnknownRecord extends RecordHeader {
  type: `TYPE${number}`;
  data: Uint8Array;
}
/** One EDNS option (RFC 6891 §6.1.2). */
export interface EdnsOption {
  code: number;
  data: Uint8Array;
}
/**
 * The OPT pseudo-record (RFC 6891 §6.1): owner is the root, CLASS carries the UDP payload size
 * and TTL carries the extended RCODE, the version and the flags (DO is 0x8000).
 */
export interface OptRecord {
  name: '';
  type: 'OPT';
  udpPayloadSize: number;
  extendedRcode: number;
  version: number;
  flags: number;
  options: EdnsOption[];
}

export type ResourceRecord =
  | ARecord
  | AaaaRecord
  | NameRecord
  | MxRecord
  | TxtRecord
  | SrvRecord
  | SoaRecord
  | UnknownRecord
  | OptRecord;

/** A whole DNS message (RFC 1035 §4.1). */
export interface DnsMessage {
  /** 16 bits. */
  id: number;
  flags: DnsFlags;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

/** A name read from a message: the name and the offset just after it where it was read. */
export interface DecodedName {
  name: string;
  /** The offset after the name's own bytes (after the first pointer if it had one). */
  next: number;
}

/** Where a query goes. */
export interface ServerAddress {
  address: string;
  port: number;
}

export interface QueryOptions {
  server: ServerAddress;
  /** Milliseconds the first attempt waits; each retry waits twice the one before. Default 1000. */
  timeout?: number;
  /** Attempts after the first. Default 2. */
  retries?: number;
  /** Set RD (recursion desired). Default true. */
  recursionDesired?: boolean;
  /** Send an OPT record advertising this UDP payload size (RFC 6891). Default: no OPT. */
  udpPayloadSize?: number;
}

export interface ResolverOptions extends QueryOptions {
  /** The most CNAME records a resolution may follow. Default 8. */
  maxCnameChain?: number;
  /** The cache's clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * The outcome of `Resolver.resolve`. NXDOMAIN (the name does not exist) and NODATA (it
 * exists, but has no record of that type) are answers, not errors (RFC 2308 §2).
 */
export interface Resolution {
  /** The name asked, as asked. */
  name: string;
  type: QuestionType;
  status: 'NOERROR' | 'NXDOMAIN' | 'NODATA';
  /** The records of the type asked, owned by the last name of the CNAME chain. */
  answers: ResourceRecord[];
  /** The CNAME targets followed, in order: name → cnames[0] → cnames[1] … */
  cnames: string[];
  /** Additional records the answers name (an MX exchange's address…); nothing else. */
  additionals: ResourceRecord[];
  /** Seconds this resolution may still be cached. */
  ttl: number;
  /** true when the answer came from the cache without a query. */
  fromCache: boolean;
}

/**
 * The wire form of one name, uncompressed: each label as a length octet and its octets, then
 * the zero octet of the root (RFC 1035 §3.1). "example.com" → 07 "example" 03 "com" 00.
 * Accepts a final dot, "\." and "\\" and "\DDD" escapes (§5.1); throws ERR_DNS_BAD_NAME (empty
 * label, unescaped space or non-ASCII, bad escape), ERR_DNS_LABEL_TOO_LONG (> 63 octets),
 * ERR_DNS_NAME_TOO_LONG (> 255 octets on the wire).
 */
export function encodeName(name: string): Uint8Array {
  // TODO: README §1.
  return notImplemented('encodeName', 1);
}

/**
 * Reads the name that starts at `offset` in a whole message, following compression pointers
 * (RFC 1035 §4.1.4). A pointer must point strictly before the labels that led to it: a loop
 * or a forward pointer throws ERR_DNS_BAD_POINTER. Label types 0x40 and 0x80 throw
 * ERR_DNS_BAD_LABEL_TYPE; running off the end ERR_DNS_UNEXPECTED_END; over 255 octets
 * ERR_DNS_NAME_TOO_LONG. `next` is the offset after the name's own octets.
 *
 * @example decodeName(bytes, 12) // { name: 'example.com', next: 25 }
 */
export function decodeName(bytes: Uint8Array, offset: number): DecodedName {
  // TODO: README §1.
  return notImplemented('decodeName', 1);
}

/**
 * The wire form of a message (RFC 1035 §4.1), owner names and the names inside NS, CNAME,
 * PTR, MX and SOA compressed (README §3). Throws DnsError on anything it cannot write.
 */
export function encode(message: DnsMessage): Uint8Array {
  // TODO: README §2, then §3 (compression).
  return notImplemented('encode', 2);
}

/**
 * Reads a message. Any octets at all give either a DnsMessage or a DnsError with a code —
 * never another exception, never a loop. Octets after the last record are ignored.
 */
export function decode(bytes: Uint8Array): DnsMessage {
  // TODO: README §2.
  return notImplemented('decode', 2);
}

/**
 * Asks `options.server` one question (class IN) over UDP and resolves the reply that answers
 * it, whatever its RCODE: a random id and source port per attempt, replies with another id
 * or question ignored, `retries` more attempts each waiting twice as long, TCP when the reply
 * has TC set. Rejects with ERR_DNS_TIMEOUT when no attempt gets an answer.
 */
export async function query(
  name: string,
  type: QuestionType,
  options: QueryOptions,
): Promise<DnsMessage> {
  // TODO: README §4.
  return notImplemented('query', 4);
}

/**
 * A stub resolver with a cache. `resolve` follows CNAME chains (at most `maxCnameChain`,
 * ERR_DNS_CNAME_CHAIN beyond or on a loop), reports NXDOMAIN and NODATA as statuses, rejects
 * with ERR_DNS_SERVFAIL, ERR_DNS_REFUSED or ERR_DNS_RCODE on other RCODEs, and answers from
 * its cache while a TTL lasts (negative answers too, RFC 2308).
 */
export class Resolver {
  // biome-ignore lint/complexity/noUselessConstructor: the signature is the contract; yours keeps the options.
  constructor(options: ResolverOptions) {
    // TODO: README §5.
  }

  /** Forgets every cached answer. */
  clearCache(): void {
    // TODO: README §6.
    notImplemented('Resolver.clearCache', 6);
  }

  /** Resolves `name`/`type` (class IN), from the cache while its TTL lasts. */
  async resolve(name: string, type: QuestionType = 'A'): Promise<Resolution> {
    // TODO: README §5 (chains, NXDOMAIN/NODATA), then §6 (the cache).
    return notImplemented('Resolver.resolve', 5);
  }
}
