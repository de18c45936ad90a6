import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractForms, extractLinks, extractText, extractTitle } from '../src/index.ts';
import { formDocument, linkDocument, textDocument } from './html-arbitraries.ts';
import { oracleForms, oracleLinks, oracleText, oracleTitle } from './html-oracle.ts';

const BASE = 'http://h.test/';

describe('11. Properties', () => {
  it('extractLinks agrees with parse5 on generated pages (differential)', () => {
    fc.assert(
      fc.property(linkDocument, (html) => {
        const expected = oracleLinks(html).map((l) => ({
          url: `http://h.test${l.value}`,
          tag: l.tag,
          attr: l.attr,
        }));
        const actual = extractLinks(html, BASE).map(({ url, tag, attr }) => ({ url, tag, attr }));
        expect(actual, hint(5, 'a difference with the HTML parser: shrink the case above')).toEqual(
          expected,
        );
      }),
      fcParams(100),
    );
  });

  it('extractText and extractTitle agree with parse5 on generated pages (differential)', () => {
    fc.assert(
      fc.property(textDocument, (html) => {
        expect(extractText(html), hint(6, 'text differs from what the HTML parser builds')).toBe(
          oracleText(html),
        );
        expect(extractTitle(html)).toBe(oracleTitle(html));
      }),
      fcParams(100),
    );
  });

  it('extractForms agrees with parse5 on the entries of generated forms (differential)', () => {
    fc.assert(
      fc.property(formDocument, (html) => {
        const actual = extractForms(html, BASE).map((f) =>
          f.fields.filter((x) => x.type !== 'submit').map((x) => [x.name, x.value]),
        );
        expect(
          actual,
          hint(7, 'entries differ from the ones read off the HTML parser’s tree'),
        ).toEqual(oracleForms(html));
      }),
      fcParams(100),
    );
  });
});
