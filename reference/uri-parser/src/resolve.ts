/**
 * resolve: RFC 3986 §5.2, the strict algorithm (a reference with a scheme is used as is,
 * even when the scheme is the base's: "http:g" stays "http:g").
 */
import { recompose } from './components.ts';
import { cleanPath } from './dot-segments.ts';
import { UriError } from './errors.ts';
import { parse } from './parse.ts';
import type { UriComponents } from './types.ts';

export function resolve(base: string, reference: string): string {
  const b = parse(base);
  // §5.1: the base must be an absolute URI. Its fragment, if any, is simply never used.
  if (b.scheme === undefined) {
    throw new UriError('ERR_URI_NOT_ABSOLUTE', `base ${JSON.stringify(base)} has no scheme`);
  }
  return recompose(transform(b, parse(reference)));
}

/** §5.2.2 Transform References, with R the reference, Base the base and T the target. */
function transform(base: UriComponents, r: UriComponents): UriComponents {
  //  if defined(R.scheme) then
  //     T.scheme    = R.scheme;  T.authority = R.authority;
  //     T.path      = remove_dot_segments(R.path);  T.query = R.query;
  if (r.scheme !== undefined) {
    return { ...r, path: cleanPath(r.path, r.host !== undefined) };
  }
  //  else if defined(R.authority) then
  //     T.authority = R.authority;  T.path = remove_dot_segments(R.path);  T.query = R.query;
  if (r.host !== undefined) {
    return { ...r, scheme: base.scheme, path: cleanPath(r.path, true) };
  }
  const authority = { userinfo: base.userinfo, host: base.host, port: base.port };
  //  else if (R.path == "") then
  //     T.path = Base.path;
  //     if defined(R.query) then T.query = R.query; else T.query = Base.query;
  if (r.path === '') {
    const query = r.query === undefined ? base.query : r.query;
    return { scheme: base.scheme, ...authority, path: base.path, query, fragment: r.fragment };
  }
  //  else if (R.path starts-with "/") then T.path = remove_dot_segments(R.path);
  //  else T.path = merge(Base.path, R.path); T.path = remove_dot_segments(T.path);
  //  T.query = R.query;  T.authority = Base.authority;  T.scheme = Base.scheme;
  //  T.fragment = R.fragment;
  const path = r.path.startsWith('/') ? r.path : merge(base, r.path);
  return {
    scheme: base.scheme,
    ...authority,
    path: cleanPath(path, base.host !== undefined),
    query: r.query,
    fragment: r.fragment,
  };
}

/**
 * §5.2.3 Merge Paths: with an authority and an empty base path, "/" + reference; otherwise
 * the base path up to and including its last "/" (nothing if there is none) + reference.
 */
function merge(base: UriComponents, path: string): string {
  if (base.host !== undefined && base.path === '') return `/${path}`;
  return base.path.slice(0, base.path.lastIndexOf('/') + 1) + path;
}
