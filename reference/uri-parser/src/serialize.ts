/**
 * serialize: §5.3 Component Recomposition, after checking that the components can be read
 * back as themselves. Recomposition alone would happily write `{ path: "//x" }` as "//x",
 * which parses back with host "x".
 */
import { checkCharacters, checkComponent, firstSegment, recompose } from './components.ts';
import { UriError } from './errors.ts';
import type { UriComponents } from './types.ts';

const ORDER = ['scheme', 'userinfo', 'host', 'port', 'path', 'query', 'fragment'] as const;

export function serialize(components: UriComponents): string {
  for (const name of ORDER) {
    const value = components[name];
    if (value === undefined) continue;
    checkCharacters(value, name);
    checkComponent(name, value);
  }
  const { scheme, userinfo, host, port, path } = components;
  // authority = [ userinfo "@" ] host [ ":" port ]: no host, no authority to hold them.
  if (host === undefined && (userinfo !== undefined || port !== undefined)) {
    throw new UriError('ERR_URI_INVALID_HOST', 'a userinfo or port needs a host');
  }
  // "//" authority path-abempty, and path-abempty = *( "/" segment )   (§3.3)
  if (host !== undefined && path !== '' && !path.startsWith('/')) {
    throw new UriError(
      'ERR_URI_INVALID_PATH',
      'with an authority, the path must be empty or begin with "/"',
    );
  }
  // "If a URI does not contain an authority component, then the path cannot begin with two
  // slash characters ("//")."                                        (§3.3)
  if (host === undefined && path.startsWith('//')) {
    throw new UriError(
      'ERR_URI_INVALID_PATH',
      'without an authority, the path cannot begin with "//"',
    );
  }
  // (With a host, the path starts with "/" by now, so only the authority-less case is left.)
  // path-noscheme: "a path segment that contains a colon character (e.g., "this:that")
  // cannot be used as the first segment of a relative-path reference"  (§4.2)
  if (scheme === undefined && firstSegment(path).includes(':')) {
    throw new UriError(
      'ERR_URI_INVALID_PATH',
      `the first segment of ${JSON.stringify(path)} would read as a scheme; write "./${path}"`,
    );
  }
  return recompose(components);
}
