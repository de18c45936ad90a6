/**
 * crawl(): breadth-first over a site, politely.
 *
 * - Identity: a URL is normalized (kata 6's normalize) and its fragment dropped before it is
 *   compared, so `/a`, `/./a`, `/%61` and `/a#top` are one page, fetched once.
 * - Order: a FIFO queue; links of a page at depth d are depth d+1, and a 3xx Location counts as a
 *   link (redirects are never followed blindly: each hop is a page of its own, checked like any
 *   link — so a crawl restricted to one origin never leaves it, whatever a server redirects to).
 * - Politeness, per origin: at most `perHostConcurrency` requests in flight, and at least
 *   `delayMs` (or robots.txt's Crawl-delay, whichever is larger) after the start and after the
 *   end of the previous request before the next one starts.
 *   robots.txt is fetched first, through the same politeness, before any page of its origin.
 * - Traps: `maxDepth`, `maxPages`, `maxUrlLength`, `maxQueryVariants` (URLs that differ only in
 *   their query, per path: infinite calendars), `maxBodyBytes` (huge pages).
 */
import { Agent } from './agent.ts';
import { essence } from './charset.ts';
import { CrawlerError, type CrawlerErrorCode } from './errors.ts';
import { linksOf } from './html/links.ts';
import { metaOf, titleOf } from './html/meta.ts';
import { pageTokens } from './html/walk.ts';
import { type ClientResponse, request, USER_AGENT } from './request.ts';
import { Robots } from './robots.ts';
import { httpTarget, originOf, pageKey, resolveHref } from './url.ts';

export interface CrawlOptions {
  /** Links deeper than this are not fetched (start page: 0; default 3). */
  maxDepth?: number;
  /** Fetches at most this many pages (default 100). */
  maxPages?: number;
  /** Requests in flight over all origins (default 4). */
  concurrency?: number;
  /** Requests in flight per origin (default 1). */
  perHostConcurrency?: number;
  /** Minimum ms after the previous request to an origin (its start and its end) before the next (default 0). */
  delayMs?: number;
  /** Stay on the start URL's origin (default true). */
  sameOrigin?: boolean;
  /** Fetch and obey robots.txt (default true). */
  robots?: boolean;
  /** Sent as User-Agent and matched against robots.txt groups (default "hbu-crawler/1.0"). */
  userAgent?: string;
  /** Longer URLs are skipped as traps (default 2048). */
  maxUrlLength?: number;
  /** URLs per origin+path that differ only in the query (default 50). */
  maxQueryVariants?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** A connection pool to use (default: a fresh one, closed at the end). */
  agent?: Agent;
}

export interface CrawledPage {
  url: string;
  depth: number;
  status: number;
  contentType: string | undefined;
  title: string | undefined;
  /** Links found (HTML pages), or the Location of a redirect, absolute. */
  links: string[];
  /** The page that linked here (undefined for the start URL). */
  referrer: string | undefined;
}

export type SkipReason = 'offsite' | 'robots' | 'depth' | 'max-pages' | 'scheme' | 'trap';

export type CrawlEvent =
  | { type: 'queued'; url: string; depth: number }
  | { type: 'page'; page: CrawledPage }
  | { type: 'skipped'; url: string; depth: number; reason: SkipReason }
  | { type: 'error'; url: string; depth: number; code: CrawlerErrorCode | 'ERR_UNKNOWN' }
  | { type: 'done'; pages: number; errors: number; skipped: number };

interface Entry {
  url: string;
  origin: string;
  depth: number;
  referrer: string | undefined;
}

interface OriginState {
  inFlight: number;
  /** When the last request to this origin started, and when the last one ended. */
  lastStart: number;
  lastEnd: number;
  delayMs: number;
  robots: Robots | 'pending' | undefined;
}

export function crawl(start: string, options: CrawlOptions = {}): AsyncIterable<CrawlEvent> {
  const first = httpTarget(start);
  return { [Symbol.asyncIterator]: () => run(first.url, options) };
}

async function* run(start: string, o: CrawlOptions): AsyncGenerator<CrawlEvent> {
  const crawler = new Crawler(start, o);
  const events: CrawlEvent[] = [];
  let wake: (() => void) | undefined;
  crawler.emit = (e) => {
    events.push(e);
    wake?.();
  };
  let done = false;
  const finished = crawler.run().finally(() => {
    done = true;
    wake?.();
  });
  finished.catch(() => {});
  try {
    for (;;) {
      if (events.length > 0) {
        yield events.shift()!;
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (events.length > 0 || done) resolve();
      });
      wake = undefined;
    }
    await finished;
  } finally {
    crawler.stop();
  }
}

class Crawler {
  emit: (event: CrawlEvent) => void = () => {};
  private readonly queue: Entry[] = [];
  /** Page keys queued or skipped once (each is reported once). */
  private readonly seen = new Set<string>();
  /** Links that are no http URL (javascript:, mailto:, garbage), reported once each. */
  private readonly unfetchable = new Set<string>();
  private readonly variants = new Map<string, number>();
  private readonly origins = new Map<string, OriginState>();
  private readonly agent: Agent;
  private readonly ownAgent: boolean;
  private readonly startOrigin: string;
  private active = 0;
  private started = 0;
  private stats = { pages: 0, errors: 0, skipped: 0 };
  private stopped = false;
  private kick: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly o: Required<Omit<CrawlOptions, 'agent' | 'timeoutMs' | 'maxBodyBytes'>> &
    Pick<CrawlOptions, 'timeoutMs' | 'maxBodyBytes'>;

  constructor(start: string, options: CrawlOptions) {
    this.o = {
      maxDepth: options.maxDepth ?? 3,
      maxPages: options.maxPages ?? 100,
      concurrency: Math.max(1, options.concurrency ?? 4),
      perHostConcurrency: Math.max(1, options.perHostConcurrency ?? 1),
      delayMs: options.delayMs ?? 0,
      sameOrigin: options.sameOrigin ?? true,
      robots: options.robots ?? true,
      userAgent: options.userAgent ?? USER_AGENT,
      maxUrlLength: options.maxUrlLength ?? 2048,
      maxQueryVariants: options.maxQueryVariants ?? 50,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
    };
    this.ownAgent = options.agent === undefined;
    this.agent = options.agent ?? new Agent({ maxSocketsPerOrigin: this.o.perHostConcurrency });
    this.startOrigin = httpTarget(start).origin;
    this.seen.add(pageKey(start));
    this.queue.push({
      url: pageKey(start),
      origin: this.startOrigin,
      depth: 0,
      referrer: undefined,
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ownAgent) this.agent.close();
    this.kick?.();
  }

  private origin(origin: string): OriginState {
    let s = this.origins.get(origin);
    if (s === undefined) {
      s = {
        inFlight: 0,
        lastStart: Number.NEGATIVE_INFINITY,
        lastEnd: Number.NEGATIVE_INFINITY,
        delayMs: this.o.delayMs,
        robots: this.o.robots ? undefined : Robots.allowAll(),
      };
      this.origins.set(origin, s);
    }
    return s;
  }

  /** The origin may start a request now (robots known or fetchable, slot free, delay over). */
  private ready(s: OriginState, now: number): boolean {
    return (
      s.robots !== 'pending' &&
      s.inFlight < this.o.perHostConcurrency &&
      now >= Math.max(s.lastStart, s.lastEnd) + s.delayMs
    );
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      const now = Date.now();
      while (this.active < this.o.concurrency && !this.stopped) {
        const index = this.queue.findIndex((e) => this.ready(this.origin(e.origin), now));
        if (index < 0) break;
        const entry = this.queue.splice(index, 1)[0]!;
        const robots = this.origin(entry.origin).robots;
        if (robots instanceof Robots && !robots.isAllowed(entry.url, this.o.userAgent)) {
          this.skip(entry.url, entry.depth, 'robots');
          continue;
        }
        if (robots instanceof Robots && this.started >= this.o.maxPages) {
          this.skip(entry.url, entry.depth, 'max-pages');
          continue;
        }
        this.begin(entry, now);
      }
      if (this.active === 0 && this.queue.length === 0) break;
      await this.idle(now);
    }
    if (!this.stopped) this.emit({ type: 'done', ...this.stats });
  }

  /** Waits for a request to finish or for the next origin delay to pass. */
  private idle(now: number): Promise<void> {
    // With every slot busy only a finishing request can wake the loop: no delay to look for
    // (the scan is over the whole queue, and most wake-ups come from finished requests).
    let next = Number.POSITIVE_INFINITY;
    if (this.active < this.o.concurrency) {
      for (const e of this.queue) {
        const s = this.origin(e.origin);
        if (s.robots !== 'pending' && s.inFlight < this.o.perHostConcurrency)
          next = Math.min(next, Math.max(s.lastStart, s.lastEnd) + s.delayMs);
      }
    }
    return new Promise<void>((resolve) => {
      this.kick = resolve;
      if (Number.isFinite(next)) this.timer = setTimeout(resolve, Math.max(0, next - now));
    }).then(() => {
      clearTimeout(this.timer);
      this.kick = undefined;
    });
  }

  private begin(entry: Entry, now: number): void {
    const s = this.origin(entry.origin);
    s.inFlight++;
    s.lastStart = now;
    this.active++;
    const work = s.robots === undefined ? this.fetchRobots(entry, s) : this.fetchPage(entry, s);
    void work.finally(() => {
      s.lastEnd = Date.now();
      s.inFlight--;
      this.active--;
      this.kick?.();
    });
  }

  /** RFC 9309 §2.3.1: 2xx parse, 4xx allow all, 5xx / unreachable disallow all. */
  private async fetchRobots(entry: Entry, s: OriginState): Promise<void> {
    s.robots = 'pending';
    this.queue.unshift(entry);
    let robots: Robots;
    try {
      const res = await request(`${entry.origin}/robots.txt`, this.requestOptions('follow', 5));
      if (res.status >= 200 && res.status < 300) robots = new Robots(res.body);
      else if (res.status >= 400 && res.status < 500) robots = Robots.allowAll();
      else robots = Robots.disallowAll();
    } catch (error) {
      const code = error instanceof CrawlerError ? error.code : undefined;
      robots = code === 'ERR_CRAWLER_TOO_MANY_REDIRECTS' ? Robots.allowAll() : Robots.disallowAll();
    }
    s.robots = robots;
    const delay = robots.crawlDelay(this.o.userAgent);
    if (delay !== undefined) s.delayMs = Math.max(s.delayMs, delay * 1000);
  }

  private requestOptions(redirect: 'follow' | 'manual', maxRedirects?: number) {
    return {
      redirect,
      agent: this.agent,
      headers: { 'User-Agent': this.o.userAgent },
      ...(maxRedirects === undefined ? {} : { maxRedirects }),
      ...(this.o.timeoutMs === undefined ? {} : { timeoutMs: this.o.timeoutMs }),
      ...(this.o.maxBodyBytes === undefined ? {} : { maxBodyBytes: this.o.maxBodyBytes }),
    };
  }

  private async fetchPage(entry: Entry, s: OriginState): Promise<void> {
    void s;
    this.started++;
    let res: ClientResponse;
    try {
      res = await request(entry.url, this.requestOptions('manual'));
    } catch (error) {
      if (this.stopped) return;
      this.stats.errors++;
      const code = error instanceof CrawlerError ? error.code : 'ERR_UNKNOWN';
      this.emit({ type: 'error', url: entry.url, depth: entry.depth, code });
      return;
    }
    if (this.stopped) return;
    const contentType = res.headers.get('content-type');
    let links: string[] = [];
    let title: string | undefined;
    let follow = true;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== undefined) {
      const target = resolveHref(res.url, location);
      links = target === undefined ? [] : [target];
    } else if (res.status >= 200 && res.status < 300 && essence(contentType) === 'text/html') {
      // The page is tokenized once; links, title and meta robots are read from the same tokens.
      const tokens = pageTokens(res.text());
      links = linksOf(tokens, res.url)
        .filter((l) => l.tag === 'a' || l.tag === 'area' || l.tag === 'iframe')
        .map((l) => l.url);
      title = titleOf(tokens);
      follow = !/\bnofollow\b|\bnone\b/i.test(metaOf(tokens).robots ?? '');
    }
    this.stats.pages++;
    this.emit({
      type: 'page',
      page: {
        url: entry.url,
        depth: entry.depth,
        status: res.status,
        contentType,
        title,
        links,
        referrer: entry.referrer,
      },
    });
    if (follow) for (const link of links) this.discover(link, entry);
  }

  private skip(url: string, depth: number, reason: SkipReason): void {
    this.stats.skipped++;
    this.emit({ type: 'skipped', url, depth, reason });
  }

  private discover(url: string, from: Entry): void {
    // Fast path: most links of a site point at pages met before. A page key is its own key
    // (normalizing twice changes nothing, and the fragment is gone), so a link spelled exactly
    // like a key in `seen` is that page: no need to parse and normalize it again.
    if (this.seen.has(url)) return;
    const depth = from.depth + 1;
    let key: string | undefined;
    try {
      key = pageKey(url);
    } catch {}
    if (key !== undefined && this.seen.has(key)) return;
    const origin = key === undefined ? undefined : originOf(key);
    if (key === undefined || origin === undefined) {
      if (!this.unfetchable.has(url)) {
        this.unfetchable.add(url);
        this.skip(url, depth, 'scheme');
      }
      return;
    }
    this.seen.add(key);
    if (this.o.sameOrigin && origin !== this.startOrigin) {
      this.skip(key, depth, 'offsite');
      return;
    }
    if (depth > this.o.maxDepth) {
      this.skip(key, depth, 'depth');
      return;
    }
    if (key.length > this.o.maxUrlLength) {
      this.skip(key, depth, 'trap');
      return;
    }
    const q = key.indexOf('?');
    if (q >= 0) {
      const path = key.slice(0, q);
      const n = (this.variants.get(path) ?? 0) + 1;
      this.variants.set(path, n);
      if (n > this.o.maxQueryVariants) {
        this.skip(key, depth, 'trap');
        return;
      }
    }
    this.queue.push({ url: key, origin, depth, referrer: from.url });
    this.emit({ type: 'queued', url: key, depth });
  }
}
