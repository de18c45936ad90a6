/**
 * The tokens a crawler reads: everything except the contents of `<template>`.
 *
 * A template's contents are an inert document fragment (HTML §4.12.3): not rendered, not part
 * of the page until a script clones them, so their links, forms and text are not the page's.
 * `<noscript>` is the opposite for a crawler: it runs no scripts, so it sees what a browser
 * with scripting disabled shows, and `<noscript>` contents are ordinary markup.
 */
import { type Token, tokenize } from './tokenizer.ts';

export function pageTokens(html: string): Token[] {
  const tokens: Token[] = [];
  let templates = 0;
  for (const token of tokenize(html)) {
    if (token.type === 'start' && token.name === 'template') {
      templates++;
      continue;
    }
    if (token.type === 'end' && token.name === 'template') {
      if (templates > 0) templates--;
      continue;
    }
    if (templates === 0) tokens.push(token);
  }
  return tokens;
}

/** ASCII whitespace collapsed to one space, trimmed (HTML "strip and collapse"). */
export function collapse(text: string): string {
  return text.replace(/[\t\n\f\r ]+/g, ' ').trim();
}
