/**
 * The reference uri-parser: RFC 3986 generic syntax, one module per concern.
 *
 *   grammar.ts       the ABNF of §2-§3 as predicates
 *   components.ts    shared checks and §5.3 recomposition
 *   parse.ts         parse        (§3, Appendix B)
 *   serialize.ts     serialize    (§5.3)
 *   dot-segments.ts  removeDotSegments (§5.2.4)
 *   resolve.ts       resolve      (§5.2)
 *   normalize.ts     normalize    (§6.2.2, §6.2.3)
 *   percent.ts       percentEncode, percentDecode (§2.1, §2.5)
 *   query.ts         parseQuery, serializeQuery (WHATWG application/x-www-form-urlencoded)
 */
export { removeDotSegments } from './dot-segments.ts';
export { UriError, type UriErrorCode } from './errors.ts';
export { normalize } from './normalize.ts';
export { parse } from './parse.ts';
export { type DecodeOptions, percentDecode, percentEncode } from './percent.ts';
export { parseQuery, serializeQuery } from './query.ts';
export { resolve } from './resolve.ts';
export { serialize } from './serialize.ts';
export type { UriComponents } from './types.ts';
