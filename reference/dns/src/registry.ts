/** Type and class numbers (RFC 1035 §3.2.2-§3.2.4, RFC 3596, RFC 2782, RFC 6891, RFC 3597 §5). */
import { DnsError, type QuestionType, type RecordClass } from './types.ts';

// Maps, not object literals: "constructor" or "__proto__" must not name a type. No OPT (41):
// it is never a question, and as a record it has its own shape (message.ts).
const TYPES = new Map<string, number>([
  ['A', 1],
  ['NS', 2],
  ['CNAME', 5],
  ['SOA', 6],
  ['PTR', 12],
  ['MX', 15],
  ['TXT', 16],
  ['AAAA', 28],
  ['SRV', 33],
  ['ANY', 255],
]);
const TYPE_NAMES = new Map<number, string>();
for (const [k, v] of TYPES) TYPE_NAMES.set(v, k);

const CLASSES = new Map<string, number>([
  ['IN', 1],
  ['CH', 3],
  ['HS', 4],
  ['NONE', 254],
  ['ANY', 255],
]);
const CLASS_NAMES = new Map<number, string>();
for (const [k, v] of CLASSES) CLASS_NAMES.set(v, k);

const generic = (text: string, prefix: string): number | undefined => {
  if (!text.startsWith(prefix)) return undefined;
  const digits = text.slice(prefix.length);
  if (!/^(0|[1-9][0-9]{0,4})$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 0xffff ? n : undefined;
};

/** "A" → 1, "TYPE65280" → 65280; anything else is ERR_DNS_BAD_FIELD. */
export function typeNumber(type: string): number {
  const n = TYPES.get(type) ?? generic(String(type), 'TYPE');
  if (n === undefined) throw new DnsError('ERR_DNS_BAD_FIELD', `unknown type "${type}"`);
  return n;
}

/** 1 → "A"; ANY only in a question; others "TYPE<n>" (41 too: OPT is read in message.ts). */
export function typeName(n: number, inQuestion: boolean): string {
  const name = TYPE_NAMES.get(n);
  if (name === undefined || (name === 'ANY' && !inQuestion)) {
    return `TYPE${n}`;
  }
  return name;
}

export function classNumber(cls: string): number {
  const n = CLASSES.get(cls) ?? generic(String(cls), 'CLASS');
  if (n === undefined) throw new DnsError('ERR_DNS_BAD_FIELD', `unknown class "${cls}"`);
  return n;
}

export function className(n: number): RecordClass {
  return (CLASS_NAMES.get(n) ?? `CLASS${n}`) as RecordClass;
}

export const questionType = (n: number): QuestionType => typeName(n, true) as QuestionType;
