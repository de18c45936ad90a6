/**
 * fast-check arbitraries for URI references, built from the ABNF of RFC 3986 §3 (Appendix A).
 * Every generated value matches the grammar, so a correct parser must accept it. Shared by the
 * katas that take URIs (uri-parser's properties; router, http-message and crawler targets):
 * one grammar, one place. `webUri` stands where `fc.webUrl()` stood: it is built from the same
 * rules, and costs nothing to construct (fast-check's webUrl took about 0.9 s per spec file).
 */
import fc from 'fast-check';

/** The five components of §3 (and the authority's three), as written; absent is undefined. */
export interface UriParts {
  scheme?: string | undefined;
  userinfo?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  path: string;
  query?: string | undefined;
  fragment?: string | undefined;
}
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const HEXDIG = '0123456789ABCDEFabcdef';

const oneOf = (chars: string): fc.Arbitrary<string> => fc.constantFrom(...chars);
const join = (parts: string[]): string => parts.join('');
/** *( a / b / … ), at most `maxLength` repetitions. */
const repeat = (maxLength: number, ...alternatives: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
  fc.array(fc.oneof(...alternatives), { maxLength }).map(join);
/** 1*( a / b / … ). */
const repeat1 = (
  maxLength: number,
  ...alternatives: fc.Arbitrary<string>[]
): fc.Arbitrary<string> =>
  fc.array(fc.oneof(...alternatives), { minLength: 1, maxLength }).map(join);

// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
export const unreserved = oneOf(`${ALPHA}${DIGIT}-._~`);
// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
const subDelims = oneOf("!$&'()*+,;=");
// pct-encoded = "%" HEXDIG HEXDIG
const pctEncoded = fc.tuple(oneOf(HEXDIG), oneOf(HEXDIG)).map(([a, b]) => `%${a}${b}`);
// pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
const pchar = fc.oneof(unreserved, pctEncoded, subDelims, oneOf(':@'));

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
export const scheme = fc.tuple(oneOf(ALPHA), repeat(6, oneOf(`${ALPHA}${DIGIT}+-.`))).map(join);
// userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
const userinfo = repeat(8, unreserved, pctEncoded, subDelims, oneOf(':'));
// port = *DIGIT
const port = repeat(5, oneOf(DIGIT));

// h16 = 1*4HEXDIG ;  dec-octet ;  IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
const h16 = fc.array(oneOf(HEXDIG), { minLength: 1, maxLength: 4 }).map(join);
export const ipv4 = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })
  .map((o) => o.join('.'));

/** IPv6address: eight groups (or six and an IPv4 address); one run of them may become "::". */
export const ipv6 = fc
  .tuple(
    fc.array(h16, { minLength: 8, maxLength: 8 }),
    fc.option(ipv4, { nil: undefined }),
    fc.option(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 8 })), { nil: undefined }),
  )
  .map(([groups, tail, run]) => {
    const units = tail === undefined ? groups : [...groups.slice(0, 6), tail];
    if (run === undefined) return units.join(':');
    const [start, length] = run;
    const from = Math.min(start, units.length - 1);
    return `${units.slice(0, from).join(':')}::${units.slice(from + length).join(':')}`;
  });

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
const ipvFuture = fc
  .tuple(oneOf('vV'), repeat1(3, oneOf(HEXDIG)), repeat1(6, unreserved, subDelims, oneOf(':')))
  .map(([v, version, rest]) => `${v}${version}.${rest}`);

// IP-literal = "[" ( IPv6address / IPvFuture ) "]";  reg-name = *( unreserved / pct-encoded / sub-delims )
const ipLiteral = fc
  .oneof({ arbitrary: ipv6, weight: 4 }, { arbitrary: ipvFuture, weight: 1 })
  .map((a) => `[${a}]`);
export const regName = repeat(12, unreserved, pctEncoded, subDelims);
// host = IP-literal / IPv4address / reg-name
export const host = fc.oneof(ipLiteral, ipv4, regName);

// segment = *pchar ; segment-nz = 1*pchar ; segment-nz-nc = 1*( unreserved / pct-encoded / sub-delims / "@" )
const segment = repeat(6, pchar);
const segmentNz = repeat1(6, pchar);
const segmentNzNc = repeat1(6, unreserved, pctEncoded, subDelims, oneOf('@'));
// path-abempty = *( "/" segment )
const pathAbempty = fc.array(segment, { maxLength: 5 }).map((s) => s.map((x) => `/${x}`).join(''));
// path-absolute = "/" [ segment-nz *( "/" segment ) ]
const pathAbsolute = fc
  .option(fc.tuple(segmentNz, pathAbempty).map(join), { nil: '' })
  .map((p) => `/${p}`);
// path-rootless = segment-nz *( "/" segment ) ;  path-noscheme = segment-nz-nc *( "/" segment )
const pathRootless = fc.tuple(segmentNz, pathAbempty).map(join);
const pathNoscheme = fc.tuple(segmentNzNc, pathAbempty).map(join);
// query = *( pchar / "/" / "?" ) ; fragment = *( pchar / "/" / "?" )
const queryOrFragment = repeat(10, pchar, oneOf('/?'));

const authority = fc.record({
  userinfo: fc.option(userinfo, { nil: undefined }),
  host,
  port: fc.option(port, { nil: undefined }),
});

function reference(
  schemes: fc.Arbitrary<string | undefined>,
  pathWithoutAuthority: fc.Arbitrary<string>,
): fc.Arbitrary<UriParts> {
  return fc
    .record({
      scheme: schemes,
      authority: fc.option(authority, { nil: undefined }),
      abempty: pathAbempty,
      other: pathWithoutAuthority,
      query: fc.option(queryOrFragment, { nil: undefined }),
      fragment: fc.option(queryOrFragment, { nil: undefined }),
    })
    .map(({ scheme, authority, abempty, other, query, fragment }) => ({
      scheme,
      ...authority,
      path: authority === undefined ? other : abempty,
      query,
      fragment,
    }));
}

// URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
// hier-part = "//" authority path-abempty / path-absolute / path-rootless / path-empty
export const absoluteComponents = reference(
  scheme,
  fc.oneof(pathAbsolute, pathRootless, fc.constant('')),
);
// relative-ref = relative-part [ "?" query ] [ "#" fragment ]
// relative-part = "//" authority path-abempty / path-absolute / path-noscheme / path-empty
export const relativeComponents = reference(
  fc.constant(undefined),
  fc.oneof(pathAbsolute, pathNoscheme, fc.constant('')),
);
// URI-reference = URI / relative-ref
export const components = fc.oneof(absoluteComponents, relativeComponents);

/** §5.3 recomposition, written independently of the code under test. */
export function write(c: UriParts): string {
  const authority =
    c.host === undefined
      ? ''
      : `//${c.userinfo === undefined ? '' : `${c.userinfo}@`}${c.host}${c.port === undefined ? '' : `:${c.port}`}`;
  return (
    (c.scheme === undefined ? '' : `${c.scheme}:`) +
    authority +
    c.path +
    (c.query === undefined ? '' : `?${c.query}`) +
    (c.fragment === undefined ? '' : `#${c.fragment}`)
  );
}

/** A URI reference from the grammar, with the components it was built from. */
export const uriReference = components.map((c) => ({ components: c, uri: write(c) }));
export const absoluteUri = absoluteComponents.map(write);

// A web URI: "http" / "https" "://" [ userinfo "@" ] host [ ":" port ] path-abempty [ "?" query ]
// [ "#" fragment ], with a DNS-shaped reg-name (or an IPv4 address) and a port of at most 65535.
// A label starts with a letter: an all-digit name ("12") is read as an IPv4 number by WHATWG
// parsers and fast-uri, which is another question than this grammar's.
const label = fc
  .tuple(oneOf(ALPHA), repeat(6, oneOf(`${ALPHA}${DIGIT}-`)), oneOf(`${ALPHA}${DIGIT}`))
  .map(join);
const domain = fc
  .array(label, { minLength: 1, maxLength: 3 })
  .map((l) => l.join('.').toLowerCase());
export const webComponents: fc.Arbitrary<UriParts> = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  userinfo: fc.option(userinfo, { nil: undefined, freq: 8 }),
  host: fc.oneof({ arbitrary: domain, weight: 4 }, { arbitrary: ipv4, weight: 1 }),
  port: fc.option(fc.integer({ min: 0, max: 65535 }).map(String), { nil: undefined }),
  path: pathAbempty,
  query: fc.option(queryOrFragment, { nil: undefined }),
  fragment: fc.option(queryOrFragment, { nil: undefined }),
});
export const webUri = webComponents.map(write);
