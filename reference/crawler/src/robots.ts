/**
 * robots.txt, RFC 9309 (the Robots Exclusion Protocol).
 *
 *   robotstxt = *(group / emptyline)
 *   group     = startgroupline *(startgroupline / emptyline) *(rule / emptyline)
 *   startgroupline = *WS "user-agent" *WS ":" *WS product-token EOL
 *   rule      = *WS ("allow" / "disallow") *WS ":" *WS (path-pattern / empty-pattern) EOL
 *
 * - §2.2.1: the group whose product token matches the crawler's (case-insensitively) applies,
 *   all such groups merged; otherwise the `*` group; otherwise everything is allowed.
 * - §2.2.2: the most specific (longest) matching rule wins; on a tie, allow wins. `*` matches
 *   any sequence, a final `$` anchors the end. `/robots.txt` itself is always allowed.
 * - §2.3: lines end in CR, LF or CRLF; a UTF-8 BOM is ignored; at most the first 500 KiB are
 *   parsed (we parse exactly that much).
 * - Crawl-delay and Sitemap are not in the RFC (§2.2.4 allows other records); we read both.
 *
 * Matching walks the pattern against the set of path positions it can be at (no regex built from
 * the file: a pattern like `/*a*a*a*a*b` must not be able to backtrack exponentially).
 */
import { httpTarget } from './url.ts';

export const ROBOTS_PARSE_LIMIT = 500 * 1024;

interface Rule {
  pattern: string;
  allow: boolean;
}

interface Group {
  rules: Rule[];
  crawlDelay: number | undefined;
}

/** The product token of a user agent: `HBU-Crawler/1.0 (+url)` → `hbu-crawler`. */
export function productToken(userAgent: string): string {
  const lower = userAgent.toLowerCase();
  const slash = lower.indexOf('/');
  return (slash < 0 ? lower : lower.slice(0, slash)).trim();
}

/** Percent-encodes non-ASCII octets and upper-cases escapes, so both sides compare alike. */
function normalizePath(path: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(path)) {
    out += byte < 0x80 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase()}`;
  }
  return out.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

/** Whether `pattern` (with `*` and a final `$`) matches a prefix of `path` (or all of it with `$`). */
export function patternMatches(pattern: string, path: string): boolean {
  let positions = [0];
  for (let p = 0; p < pattern.length; p++) {
    const ch = pattern[p]!;
    if (ch === '$' && p === pattern.length - 1) return positions.includes(path.length);
    if (ch === '*') {
      const from = Math.min(...positions);
      positions = [];
      for (let i = from; i <= path.length; i++) positions.push(i);
      continue;
    }
    const next: number[] = [];
    for (const at of positions) if (path[at] === ch) next.push(at + 1);
    if (next.length === 0) return false;
    positions = next;
  }
  return true;
}

export class Robots {
  private readonly groups = new Map<string, Group>();
  /** `Sitemap:` URLs, in order. */
  readonly sitemaps: string[] = [];
  private fixed: boolean | undefined;

  /** robots.txt unavailable (4xx): everything is allowed (RFC 9309 §2.3.1.3). */
  static allowAll(): Robots {
    const r = new Robots('');
    r.fixed = true;
    return r;
  }

  /** robots.txt unreachable (5xx, network error): everything is disallowed (§2.3.1.4). */
  static disallowAll(): Robots {
    const r = new Robots('');
    r.fixed = false;
    return r;
  }

  constructor(body: string | Uint8Array) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const text = new TextDecoder('utf-8').decode(bytes.subarray(0, ROBOTS_PARSE_LIMIT));
    let agents: string[] = [];
    let collectingAgents = false;
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      const hash = rawLine.indexOf('#');
      const line = hash < 0 ? rawLine : rawLine.slice(0, hash);
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === '') continue;
      if (key === 'user-agent') {
        if (!collectingAgents) agents = [];
        collectingAgents = true;
        if (value !== '') agents.push(productToken(value));
        continue;
      }
      collectingAgents = false;
      if (key === 'sitemap') {
        if (value !== '') this.sitemaps.push(value);
        continue;
      }
      for (const agent of agents) {
        const group = this.groups.get(agent) ?? { rules: [], crawlDelay: undefined };
        this.groups.set(agent, group);
        if ((key === 'allow' || key === 'disallow') && value !== '') {
          group.rules.push({ pattern: normalizePath(value), allow: key === 'allow' });
        } else if (key === 'crawl-delay') {
          const delay = Number(value);
          if (value !== '' && Number.isFinite(delay) && delay >= 0) group.crawlDelay = delay;
        }
      }
    }
  }

  private group(userAgent: string): Group | undefined {
    return this.groups.get(productToken(userAgent)) ?? this.groups.get('*');
  }

  /**
   * Whether `userAgent` may fetch `target`: a path with its query (`/a?b`), or an absolute
   * http URL (its path and query are used).
   */
  isAllowed(target: string, userAgent: string): boolean {
    if (this.fixed !== undefined) return this.fixed;
    const path = target.startsWith('/') ? target : httpTarget(target).target;
    if (path === '/robots.txt') return true;
    const normalized = normalizePath(path);
    let best: Rule | undefined;
    for (const rule of this.group(userAgent)?.rules ?? []) {
      if (!patternMatches(rule.pattern, normalized)) continue;
      if (
        best === undefined ||
        rule.pattern.length > best.pattern.length ||
        (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
      ) {
        best = rule;
      }
    }
    return best?.allow ?? true;
  }

  /** `Crawl-delay` of the group that applies, in seconds, or undefined. */
  crawlDelay(userAgent: string): number | undefined {
    return this.group(userAgent)?.crawlDelay;
  }
}

/** Parses a robots.txt body. */
export function parseRobots(body: string | Uint8Array): Robots {
  return new Robots(body);
}
