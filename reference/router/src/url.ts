import { RouterError } from './errors.ts';
import type { Segment } from './pattern.ts';
import type { Check } from './tree.ts';

/**
 * Percent-encodes every character of `value` that is not unreserved (RFC 3986 §2.3), and also
 * `stop`: the first character of the literal that ends this parameter in its segment, so that
 * the matcher, which ends the value at the first occurrence of that literal, ends it
 * exactly where the value ends.
 */
function encodeValue(value: string, stop: string | undefined): string {
  const encoded = encodeURIComponent(value);
  // Literal text never starts with a letter or digit (a name would swallow it), so `stop` is
  // punctuation and cannot occur inside a "%XX" escape.
  if (stop === undefined) return encoded;
  const hex = `%${stop.charCodeAt(0).toString(16).toUpperCase()}`;
  return encoded.replaceAll(stop, hex);
}

/**
 * "." and ".." are dot-segments (RFC 3986 §3.3): a client resolves them before sending
 * (§5.2.4), so a value of ".." must travel as "%2E%2E" to arrive as a value.
 */
function protectDots(segment: string): string {
  return segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment;
}

function take(
  params: Record<string, string>,
  name: string,
  check: Check | undefined,
  allowEmpty: boolean,
): string {
  const value = Object.hasOwn(params, name) ? params[name] : undefined;
  if (typeof value !== 'string') {
    throw new RouterError('ERR_ROUTER_MISSING_PARAM', `missing parameter ${name}`);
  }
  if ((value === '' && !allowEmpty) || (check !== undefined && !check(value))) {
    throw new RouterError('ERR_ROUTER_INVALID_PARAM', `parameter ${name} could never match`);
  }
  return value;
}

/** Builds the path of a route from parameter values: the inverse of matching. */
export function buildPath(
  segments: Segment[],
  checks: Map<string, Check>,
  params: Record<string, string>,
): string {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment.kind === 'static') {
      out.push(protectDots(encodeURIComponent(segment.text)));
    } else if (segment.kind === 'wildcard') {
      const value = take(params, segment.name, checks.get(segment.name), true);
      out.push(...value.split('/').map((piece) => protectDots(encodeURIComponent(piece))));
    } else {
      const text = segment.parts.map((part, k) => {
        if ('literal' in part) return part.literal;
        const next = segment.parts[k + 1];
        const stop = next !== undefined && 'literal' in next ? next.literal[0] : undefined;
        return encodeValue(take(params, part.param, checks.get(part.param), false), stop);
      });
      out.push(protectDots(text.join('')));
    }
  }
  return `/${out.join('/')}`;
}
