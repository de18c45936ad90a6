import { RouterError } from './errors.ts';

/**
 * The pattern language (this kata's own grammar, in RFC 5234 ABNF):
 *
 *   pattern   = "/" [ segment *( "/" segment ) ] [ "/" ]
 *   segment   = static / template / wildcard
 *   static    = 1*( pchar other than ":" and "*" )   ; compared with the decoded path segment
 *   template  = [ literal ] param *( literal param ) [ literal ]
 *   param     = ":" name                              ; one non-empty piece of one segment
 *   literal   = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "!" / "$" / "&" / "'" / "(" / ")"
 *                   / "+" / "," / ";" / "=" / "@" )   ; compared with the raw path segment
 *   wildcard  = "*" name                              ; the remainder; last segment only
 *   name      = ( ALPHA / "_" ) *( ALPHA / DIGIT / "_" )
 *
 * Two parameters may share a segment only with literal text between them (`:from-:to`): that
 * text is where one value ends, and without it the split would be a guess.
 */

export type Part = { literal: string } | { param: string };

export type Segment =
  | { kind: 'static'; text: string }
  | { kind: 'template'; parts: Part[] }
  | { kind: 'wildcard'; name: string };

export interface ParsedPattern {
  segments: Segment[];
  /** Parameter names in the order the matcher captures them. */
  names: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const LITERAL = /^[A-Za-z0-9\-._~!$&'()+,;=@]+$/;

function invalid(message: string): RouterError {
  return new RouterError('ERR_ROUTER_INVALID_PATTERN', message);
}

/** Splits a template segment (`v:major.:minor`) into literal and parameter parts. */
function parseTemplate(pattern: string, text: string, names: string[]): Part[] {
  const parts: Part[] = [];
  let rest = text;
  while (rest !== '') {
    const colon = rest.indexOf(':');
    if (colon !== 0) {
      const literal = colon === -1 ? rest : rest.slice(0, colon);
      if (!LITERAL.test(literal))
        throw invalid(`invalid pattern ${pattern}: "${literal}" cannot sit next to a parameter`);
      parts.push({ literal });
      rest = rest.slice(literal.length);
      continue;
    }
    const name = NAME.exec(rest.slice(1))?.[0];
    if (name === undefined) throw invalid(`invalid pattern ${pattern}: a parameter needs a name`);
    // ":a:b" has no text to tell where a ends: every split would be as good as another.
    if ('param' in (parts.at(-1) ?? {}))
      throw invalid(`invalid pattern ${pattern}: two parameters need text between them`);
    if (names.includes(name))
      throw invalid(`invalid pattern ${pattern}: parameter ${name} appears twice`);
    names.push(name);
    parts.push({ param: name });
    rest = rest.slice(1 + name.length);
  }
  return parts;
}

export function parsePattern(pattern: string): ParsedPattern {
  if (!pattern.startsWith('/')) throw invalid(`invalid pattern ${pattern}: it must start with "/"`);
  // A router never sees a query or a fragment: a pattern holding one could never match.
  if (/[?#]/.test(pattern))
    throw invalid(`invalid pattern ${pattern}: "?" and "#" never reach a router`);
  const names: string[] = [];
  const segments: Segment[] = [];
  const texts = pattern === '/' ? [] : pattern.slice(1).split('/');
  texts.forEach((text, i) => {
    const last = i === texts.length - 1;
    if (text === '') {
      // Only the final segment may be empty: that is a trailing slash.
      if (!last) throw invalid(`invalid pattern ${pattern}: empty segment`);
      segments.push({ kind: 'static', text });
    } else if (text.startsWith('*')) {
      const name = text.slice(1);
      if (!last) throw invalid(`invalid pattern ${pattern}: a wildcard must be the last segment`);
      if (NAME.exec(name)?.[0] !== name)
        throw invalid(`invalid pattern ${pattern}: a wildcard needs a name`);
      if (names.includes(name))
        throw invalid(`invalid pattern ${pattern}: parameter ${name} appears twice`);
      names.push(name);
      segments.push({ kind: 'wildcard', name });
    } else if (text.includes('*')) {
      throw invalid(`invalid pattern ${pattern}: "*" may only start the last segment`);
    } else if (text.includes(':')) {
      segments.push({ kind: 'template', parts: parseTemplate(pattern, text, names) });
    } else {
      segments.push({ kind: 'static', text });
    }
  });
  return { segments, names };
}
