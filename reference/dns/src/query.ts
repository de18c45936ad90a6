/**
 * One question to one server, the way a stub resolver asks it (RFC 1035 §7, RFC 5452):
 * a random id and a random source port per attempt, a reply taken only if its id and its
 * question match ours, retries that wait twice as long each time, and TCP when the reply
 * comes back truncated.
 */
import { randomInt } from 'node:crypto';
import { encode } from './message.ts';
import { formatLabel, parseName, sameName } from './names.ts';
import { overTcp, overUdp } from './transport.ts';
import {
  DnsError,
  type DnsMessage,
  type QueryOptions,
  type Question,
  type QuestionType,
} from './types.ts';

/** The one text form of a name: "Example.COM." → "Example.COM", "\\097" → "a". */
export function canonicalName(name: string): string {
  return parseName(name)
    .labels.map((l) => formatLabel(l, 0, l.length))
    .join('.');
}

/**
 * The Kaminsky lesson (CVE-2008-1447): a reply counts only if it answers *this* query —
 * same id, QR set, the same single question. Anything else is dropped and we keep waiting.
 */
export function answers(m: DnsMessage, id: number, q: Question): boolean {
  if (m.id !== id || !m.flags.qr || m.questions.length !== 1) return false;
  const r = m.questions[0] as Question;
  return sameName(r.name, q.name) && r.type === q.type && r.class === q.class;
}

/** Asks `server` for `name`/`type` (class IN) and resolves the matching reply, whatever its RCODE. */
export async function query(
  name: string,
  type: QuestionType,
  options: QueryOptions,
): Promise<DnsMessage> {
  const question: Question = { name: canonicalName(name), type, class: 'IN' };
  const timeout = options.timeout ?? 1000;
  const attempts = 1 + (options.retries ?? 2);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const wait = timeout * 2 ** attempt;
    // Unpredictable ids: a guessable id is half of a spoofed answer.
    const id = randomInt(0, 0x10000);
    const bytes = encode({
      id,
      flags: {
        qr: false,
        opcode: 0,
        aa: false,
        tc: false,
        rd: options.recursionDesired ?? true,
        ra: false,
        z: false,
        ad: false,
        cd: false,
        rcode: 0,
      },
      questions: [question],
      answers: [],
      authorities: [],
      additionals:
        options.udpPayloadSize === undefined
          ? []
          : [
              {
                name: '',
                type: 'OPT',
                udpPayloadSize: options.udpPayloadSize,
                extendedRcode: 0,
                version: 0,
                flags: 0,
                options: [],
              },
            ],
    });
    const accept = (m: DnsMessage): boolean => answers(m, id, question);
    const reply = await overUdp(bytes, options.server, wait, accept);
    if (reply === undefined) continue;
    if (!reply.flags.tc) return reply;
    // Truncated: the whole answer is only over TCP (RFC 7766 §5).
    const full = await overTcp(bytes, options.server, wait, accept);
    if (full !== undefined) return full;
  }
  throw new DnsError('ERR_DNS_TIMEOUT', `no answer for ${name} ${type} after ${attempts} tries`);
}
