/**
 * The RFC 3986 grammar's arbitraries, from kata-kit (one grammar for every kata), typed with this
 * kata's `UriComponents`.
 */
import * as grammar from '@hbu/kata-kit/uri-grammar';
import type fc from 'fast-check';
import type { UriComponents } from '../src/index.ts';

export const unreserved: fc.Arbitrary<string> = grammar.unreserved;
export const scheme: fc.Arbitrary<string> = grammar.scheme;
export const ipv4: fc.Arbitrary<string> = grammar.ipv4;
export const ipv6: fc.Arbitrary<string> = grammar.ipv6;
export const regName: fc.Arbitrary<string> = grammar.regName;
export const host: fc.Arbitrary<string> = grammar.host;
export const absoluteComponents: fc.Arbitrary<UriComponents> = grammar.absoluteComponents;
export const relativeComponents: fc.Arbitrary<UriComponents> = grammar.relativeComponents;
export const components: fc.Arbitrary<UriComponents> = grammar.components;
export const webComponents: fc.Arbitrary<UriComponents> = grammar.webComponents;
export const uriReference: fc.Arbitrary<{ components: UriComponents; uri: string }> =
  grammar.uriReference;
export const absoluteUri: fc.Arbitrary<string> = grammar.absoluteUri;
export const webUri: fc.Arbitrary<string> = grammar.webUri;
export const write: (c: UriComponents) => string = grammar.write;
