/**
 * Validation and recomposition shared by parse, serialize, resolve and normalize.
 */
import { UriError, type UriErrorCode } from './errors.ts';
import {
  findInvalidCharacter,
  findInvalidEscape,
  isHost,
  isPath,
  isPort,
  isQueryOrFragment,
  isScheme,
  isUserinfo,
} from './grammar.ts';
import type { UriComponents } from './types.ts';

/** Throws ERR_URI_INVALID_CHARACTER, then ERR_URI_INVALID_PERCENT_ENCODING, for `text`. */
export function checkCharacters(text: string, what: string): void {
  const bad = findInvalidCharacter(text);
  if (bad !== -1) {
    const code = text.codePointAt(bad)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UriError(
      'ERR_URI_INVALID_CHARACTER',
      `${what}: U+${code} at ${bad} must be percent-encoded`,
    );
  }
  const badEscape = findInvalidEscape(text);
  if (badEscape !== -1) {
    throw new UriError(
      'ERR_URI_INVALID_PERCENT_ENCODING',
      `${what}: "%" at ${badEscape} is not followed by two hex digits`,
    );
  }
}

type Component = keyof UriComponents;

/** Each component's rule, and the code its violation throws. */
const RULES: Record<Component, [(text: string) => boolean, UriErrorCode]> = {
  scheme: [isScheme, 'ERR_URI_INVALID_SCHEME'],
  userinfo: [isUserinfo, 'ERR_URI_INVALID_USERINFO'],
  host: [isHost, 'ERR_URI_INVALID_HOST'],
  port: [isPort, 'ERR_URI_INVALID_PORT'],
  path: [isPath, 'ERR_URI_INVALID_PATH'],
  query: [isQueryOrFragment, 'ERR_URI_INVALID_QUERY'],
  fragment: [isQueryOrFragment, 'ERR_URI_INVALID_FRAGMENT'],
};

/** Throws the component's UriError unless `value` (when defined) matches its rule. */
export function checkComponent(component: Component, value: string | undefined): void {
  if (value === undefined) return;
  const [matches, code] = RULES[component];
  if (!matches(value)) throw new UriError(code, `invalid ${component} ${JSON.stringify(value)}`);
}

/** The first path segment, up to the first "/". */
export const firstSegment = (path: string): string => path.split('/', 1)[0]!;

/**
 * §5.3 Component Recomposition, for components known to be valid:
 *
 *   if defined(scheme) then append scheme and ":"
 *   if defined(authority) then append "//" and authority
 *   append path
 *   if defined(query) then append "?" and query
 *   if defined(fragment) then append "#" and fragment
 *
 * `undefined` and `''` differ: "http://a/?" keeps its "?", "file:///x" its "//".
 */
export function recompose(c: UriComponents): string {
  let out = '';
  if (c.scheme !== undefined) out += `${c.scheme}:`;
  if (c.host !== undefined) {
    out += '//';
    if (c.userinfo !== undefined) out += `${c.userinfo}@`;
    out += c.host;
    if (c.port !== undefined) out += `:${c.port}`;
  }
  out += c.path;
  if (c.query !== undefined) out += `?${c.query}`;
  if (c.fragment !== undefined) out += `#${c.fragment}`;
  return out;
}
