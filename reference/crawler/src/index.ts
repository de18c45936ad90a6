/**
 * crawler — reference solution. An HTTP/1.1 client on node:net (kata 7's parser and serializer,
 * kata 6's URIs), an HTML tokenizer for links, forms, text and metadata, robots.txt (RFC 9309)
 * and a polite breadth-first crawler.
 *
 *   url.ts        request targets, href → URI reference, page identity
 *   agent.ts      keep-alive pool per origin
 *   exchange.ts   one request/response on a socket, with the idle deadline
 *   decode.ts     Content-Encoding, streamed and capped
 *   charset.ts    Content-Type charset, BOM, <meta charset>
 *   request.ts    request() and redirects (RFC 9110 §15.4)
 *   html/         tokenizer, links, forms, title/meta/text
 *   submit.ts     form submission (urlencoded, multipart RFC 7578, text/plain)
 *   robots.ts     robots.txt (RFC 9309)
 *   crawl.ts      crawl()
 */
export { Agent, type AgentOptions } from './agent.ts';
export { charsetOf } from './charset.ts';
export {
  type CrawlEvent,
  type CrawledPage,
  type CrawlOptions,
  crawl,
  type SkipReason,
} from './crawl.ts';
export { CrawlerError, type CrawlerErrorCode } from './errors.ts';
export { extractForms, type Form, type FormEnctype, type FormField } from './html/forms.ts';
export { extractLinks, type Link } from './html/links.ts';
export { extractMeta, extractText, extractTitle } from './html/meta.ts';
export { type ClientResponse, type HeadersInit, type RequestOptions, request } from './request.ts';
export { parseRobots, Robots } from './robots.ts';
export {
  type EncodedForm,
  type EncodeOptions,
  encodeForm,
  type FormValues,
  submitForm,
} from './submit.ts';
export { pageKey } from './url.ts';
