/**
 * A stub resolver: asks one recursive server, follows CNAME chains, tells NXDOMAIN from
 * NODATA, and caches answers for their TTL and negative answers for the SOA's (RFC 2308).
 */
import { sameName } from './names.ts';
import { canonicalName, query } from './query.ts';
import {
  DnsError,
  type DnsMessage,
  type QuestionType,
  type Resolution,
  type ResolverOptions,
  type ResourceRecord,
} from './types.ts';

interface Entry {
  resolution: Resolution;
  expires: number;
}

/** A record that answers: anything but OPT, which has no owner, class or TTL of its own. */
type Answer = Exclude<ResourceRecord, { type: 'OPT' }>;

const NOERROR = 0;
const NXDOMAIN = 3;

/** RFC 2181 §8: a TTL with the top bit set is read as zero. */
const ttlOf = (ttl: number): number => (ttl > 0x7fffffff ? 0 : ttl);

/** RFC 2308 §5: a negative answer lives for min(SOA TTL, SOA MINIMUM); without an SOA, not at all. */
function negativeTtl(m: DnsMessage): number {
  for (const r of m.authorities) {
    if (r.type === 'SOA') return Math.min(ttlOf(r.ttl), ttlOf(r.data.minimum));
  }
  return 0;
}

/**
 * Whether `answer` names `owner` as a host whose address helps: an MX exchange, an SRV target,
 * an NS host (RFC 1035 §3.3, §4.1). Other types cause no additional section processing.
 */
function pointsAt(answer: Answer, owner: string): boolean {
  if (answer.type === 'MX') return sameName(answer.data.exchange, owner);
  if (answer.type === 'SRV') return sameName(answer.data.target, owner);
  if (answer.type === 'NS') return sameName(answer.data, owner);
  return false;
}

export class Resolver {
  readonly #options: ResolverOptions;
  readonly #cache = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(options: ResolverOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Forgets every cached answer. */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Resolves `name`/`type` (class IN), from the cache while its TTL lasts. */
  async resolve(name: string, type: QuestionType = 'A'): Promise<Resolution> {
    const asked = canonicalName(name);
    const lower = asked.toLowerCase();
    const key = `${lower}|${type}`;
    const nxKey = `${lower}|*`;
    const hit = this.#lookup(key) ?? this.#lookup(nxKey);
    if (hit !== undefined) return { ...hit, name, type };

    const max = this.#options.maxCnameChain ?? 8;
    const cnames: string[] = [];
    const seen = new Set([lower]);
    let current = asked;
    let ttl = Number.POSITIVE_INFINITY;
    for (;;) {
      const reply = await query(current, type, this.#options);
      const rcode = reply.flags.rcode;
      if (rcode === 2) throw new DnsError('ERR_DNS_SERVFAIL', `SERVFAIL for ${current}`);
      if (rcode === 5) throw new DnsError('ERR_DNS_REFUSED', `REFUSED for ${current}`);
      if (rcode !== NOERROR && rcode !== NXDOMAIN) {
        throw new DnsError('ERR_DNS_RCODE', `RCODE ${rcode} for ${current}`);
      }
      const askedHere = current;
      let found: Answer[];
      // Walk the chain inside this reply. Only records owned by the name we are at count:
      // anything else in the answer section is not an answer to our question.
      for (;;) {
        // OPT has no class: asking for class IN keeps it out too.
        const owned = reply.answers.filter(
          (r): r is Answer => (r as Partial<Answer>).class === 'IN' && sameName(r.name, current),
        );
        found = owned.filter((r) => type === 'ANY' || r.type === type);
        if (found.length > 0) break;
        const cname = owned.find((r) => r.type === 'CNAME');
        if (cname?.type !== 'CNAME') break;
        const target = cname.data;
        if (cnames.length >= max || seen.has(target.toLowerCase())) {
          throw new DnsError(
            'ERR_DNS_CNAME_CHAIN',
            `CNAME chain from ${asked} too long or looping`,
          );
        }
        seen.add(target.toLowerCase());
        cnames.push(target);
        ttl = Math.min(ttl, ttlOf(cname.ttl));
        current = target;
      }
      // The server gave a CNAME but not what is behind it: ask for the target ourselves.
      if (found.length === 0 && rcode === NOERROR && !sameName(current, askedHere)) continue;

      let resolution: Resolution;
      if (found.length > 0) {
        for (const r of found) ttl = Math.min(ttl, ttlOf(r.ttl));
        const additionals = reply.additionals.filter(
          (r) =>
            (r.type === 'A' || r.type === 'AAAA') &&
            r.class === 'IN' &&
            found.some((a) => pointsAt(a, r.name)),
        );
        resolution = {
          name,
          type,
          status: 'NOERROR',
          answers: found,
          cnames,
          additionals,
          ttl,
          fromCache: false,
        };
      } else {
        ttl = Math.min(ttl, negativeTtl(reply));
        resolution = {
          name,
          type,
          status: rcode === NXDOMAIN ? 'NXDOMAIN' : 'NODATA',
          answers: [],
          cnames,
          additionals: [],
          ttl,
          fromCache: false,
        };
      }
      // NXDOMAIN for the name asked means no type exists there (RFC 2308 §5).
      const nameWide = resolution.status === 'NXDOMAIN' && cnames.length === 0;
      this.#store(nameWide ? nxKey : key, resolution);
      return resolution;
    }
  }

  #lookup(key: string): Resolution | undefined {
    const entry = this.#cache.get(key);
    if (entry === undefined) return undefined;
    const left = entry.expires - this.#now();
    if (left <= 0) {
      this.#cache.delete(key);
      return undefined;
    }
    return { ...entry.resolution, ttl: Math.floor(left / 1000), fromCache: true };
  }

  #store(key: string, resolution: Resolution): void {
    // Always finite: every resolution took the minimum with a record's TTL or negativeTtl's.
    if (resolution.ttl > 0) {
      this.#cache.set(key, { resolution, expires: this.#now() + resolution.ttl * 1000 });
    }
  }
}
