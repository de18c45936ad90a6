/**
 * dns (reference): RFC 1035 messages and a stub resolver. The types and DnsError live in
 * types.ts, identical to the stub's; each module below does one part.
 */
export { decode, encode } from './message.ts';
export { decodeName, encodeName } from './names.ts';
export { query } from './query.ts';
export { Resolver } from './resolver.ts';
export * from './types.ts';
