/**
 * Generated HTML for the differential properties: the constructs that trip hand-written
 * tokenizers (quoting styles, case, duplicate attributes, character references, comments, raw
 * text, template, noscript), kept inside what a tokenizer without tree construction can agree
 * with the HTML parser on: no misnested formatting elements, no <p>, no <table>, no <select>
 * content other than options, no foreign content (svg, math).
 */
import fc from 'fast-check';

const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  minLength: 1,
  maxLength: 6,
});

/** How a decoded character may be written in markup. */
const spelledChar = (c: string): fc.Arbitrary<string> => {
  const code = c.codePointAt(0)!;
  const named: Record<string, string[]> = {
    '&': ['&amp;', '&AMP;'],
    '<': ['&lt;'],
    '>': ['&gt;'],
    '"': ['&quot;'],
    "'": ['&#39;'],
    é: ['&eacute;', '&#233;', '&#xE9;'],
  };
  return fc.constantFrom(c, `&#${code};`, `&#x${code.toString(16)};`, ...(named[c] ?? []));
};

/** Text as markup: words, spaces, and characters spelled as references. */
export const textMarkup = fc
  .array(
    fc.oneof(
      word,
      fc.constantFrom(' ', '\n', '  '),
      fc.constantFrom('&', '<', '>', '"', "'", 'é', '€', '©').chain(spelledChar),
      fc.constantFrom('&copy;', '&nbsp;', '&hellip;', '&mdash;', ' & ', ' < 1'),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** A URL path the generator knows the resolution of: /seg/seg?k=v&k=v. */
export const pathValue = fc
  .tuple(
    fc.array(word, { minLength: 0, maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('q', 'page', 'id', 'x'), word), { maxLength: 3 }),
  )
  .map(
    ([segs, query]) =>
      `/${segs.join('/')}${query.length === 0 ? '' : `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`}`,
  );

/** Writes an attribute value in one of the three syntaxes, "&" spelled one of two ways. */
export const attribute = (name: string, value: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('"', "'", ''), fc.boolean(), fc.boolean())
    .map(([q, upper, ampEntity]) => {
      const v = ampEntity ? value.replaceAll('&', '&amp;') : value;
      const n = upper ? name.toUpperCase() : name;
      return q === '' && /^[^\s"'=<>`]+$/.test(v) ? `${n}=${v}` : `${n}=${q || '"'}${v}${q || '"'}`;
    });

const noise = fc.oneof(
  textMarkup,
  pathValue.map((v) => `<!-- <a href="${v}"> -->`),
  pathValue.map((v) => `<script>var s = '<a href="${v}">';</script>`),
  pathValue.map((v) => `<style>a[href="${v}"] { color: red }</style>`),
  pathValue.map((v) => `<textarea><a href="${v}"></textarea>`),
  pathValue.map((v) => `<template><a href="${v}">t</a></template>`),
);

const linkElement = fc
  .tuple(
    fc.constantFrom('a', 'A', 'area', 'link', 'img', 'script', 'iframe'),
    pathValue,
    fc.option(pathValue, { nil: undefined }),
    textMarkup,
  )
  .chain(([tag, value, dup, text]) => {
    const lower = tag.toLowerCase();
    const name = lower === 'a' || lower === 'area' || lower === 'link' ? 'href' : 'src';
    return fc
      .tuple(
        attribute(name, value),
        dup === undefined ? fc.constant('') : attribute(name, dup),
        attribute('class', 'c'),
      )
      .map(([a, d, c]) => {
        const attrs = `${c} ${a}${d === '' ? '' : ` ${d}`}`;
        if (lower === 'a') return `<${tag} ${attrs}>${text}</${tag}>`;
        if (lower === 'script' || lower === 'iframe') return `<${tag} ${attrs}></${tag}>`;
        return `<${tag} ${attrs}>`;
      });
  });

/** A body with links, noise, and links in noscript and divs. */
export const linkDocument = fc
  .array(
    fc.oneof(
      linkElement,
      noise,
      linkElement.map((l) => `<noscript>${l}</noscript>`),
      fc
        .array(fc.oneof(linkElement, noise), { maxLength: 3 })
        .map((xs) => `<div>${xs.join('')}</div>`),
    ),
    { maxLength: 10 },
  )
  .map(
    (items) =>
      `<!DOCTYPE html><html><head><title>t</title></head><body>${items.join('\n')}</body></html>`,
  );

/** A body of prose: inline and block elements, hidden elements, comments. */
export const textDocument = fc
  .array(
    fc.oneof(
      textMarkup,
      fc
        .tuple(fc.constantFrom('b', 'i', 'em', 'span'), textMarkup)
        .map(([t, x]) => `<${t}>${x}</${t}>`),
      fc
        .tuple(fc.constantFrom('div', 'section', 'h1'), textMarkup)
        .map(([t, x]) => `<${t}>${x}</${t}>`),
      textMarkup.map((x) => `<ul><li>${x}</li></ul>`),
      fc.constant('<br>'),
      textMarkup.map((x) => `<!--${x.replaceAll('-', '')}-->`),
      fc.constantFrom(
        '<script>x = "a < b"</script>',
        '<style>p::after { content: "x" }</style>',
        '<template><b>inert</b></template>',
        '<textarea>value</textarea>',
      ),
    ),
    { maxLength: 10 },
  )
  .chain((items) =>
    textMarkup.map(
      (title) => `<html><head><title>${title}</title></head><body>${items.join('')}</body></html>`,
    ),
  );

const control = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('text', 'hidden', 'password', 'TEXT', 'email'),
      word,
      textMarkup,
      fc.boolean(),
    )
    .chain(([type, name, value, disabled]) =>
      attribute('value', value.replaceAll('"', '&quot;').replaceAll("'", '&#39;')).map(
        (v) => `<input type="${type}" name="${name}" ${v}${disabled ? ' disabled' : ''}>`,
      ),
    ),
  fc
    .tuple(
      fc.constantFrom('checkbox', 'radio'),
      word,
      fc.option(word, { nil: undefined }),
      fc.boolean(),
    )
    .map(
      ([type, name, value, checked]) =>
        `<input type=${type} name=${name}${value === undefined ? '' : ` value=${value}`}${checked ? ' checked' : ''}>`,
    ),
  fc
    .tuple(word, textMarkup)
    .map(([name, text]) => `<textarea name="${name}">${text.replaceAll('<', '&lt;')}</textarea>`),
  fc
    .tuple(
      word,
      fc.array(fc.tuple(fc.option(word, { nil: undefined }), word, fc.boolean(), fc.boolean()), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(
      ([name, options]) =>
        `<select name="${name}">${options
          .map(
            ([value, text, selected, disabled]) =>
              `<option${value === undefined ? '' : ` value="${value}"`}${selected ? ' selected' : ''}${disabled ? ' disabled' : ''}>${text}</option>`,
          )
          .join('')}</select>`,
    ),
);

/** One to three forms with controls, and controls outside them. */
export const formDocument = fc
  .array(fc.array(control, { maxLength: 5 }), { minLength: 1, maxLength: 3 })
  .map(
    (forms) =>
      `<body>${forms.map((cs, i) => `<div><form action="/f${i}" method="post">${cs.join('\n')}</form></div>`).join('<input name="outside">')}</body>`,
  );
