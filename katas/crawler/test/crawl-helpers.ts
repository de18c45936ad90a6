/** Crawl spec helpers: run a crawl to its end, and read its events. */
import { type CrawlEvent, type CrawledPage, type CrawlOptions, crawl } from '../src/index.ts';

export interface CrawlRun {
  events: CrawlEvent[];
  pages: CrawledPage[];
  /** Page URLs in the order they were reported. */
  urls: string[];
  skipped: Array<{ url: string; reason: string }>;
  errors: Array<{ url: string; code: string }>;
}

/** Runs a crawl to its end (bounded: throws past 500 events). */
export async function crawlAll(start: string, options: CrawlOptions = {}): Promise<CrawlRun> {
  const events: CrawlEvent[] = [];
  for await (const event of crawl(start, { timeoutMs: 3000, ...options })) {
    events.push(event);
    if (events.length > 500) throw new Error('more than 500 crawl events: the crawl does not end');
  }
  const pages = events.flatMap((e) => (e.type === 'page' ? [e.page] : []));
  return {
    events,
    pages,
    urls: pages.map((p) => p.url),
    skipped: events.flatMap((e) =>
      e.type === 'skipped' ? [{ url: e.url, reason: e.reason }] : [],
    ),
    errors: events.flatMap((e) => (e.type === 'error' ? [{ url: e.url, code: e.code }] : [])),
  };
}

/** Links as HTML. */
export const links = (...hrefs: string[]): string =>
  hrefs.map((h) => `<a href="${h}">${h}</a>`).join('\n');
