/**
 * parse5 (the HTML standard's parser) as the oracle of the HTML properties: it builds the tree a
 * browser with scripting disabled would build, and these walks read links, text, titles and
 * form entries off that tree. Template contents are not children in parse5's tree (they live in
 * `content`), so a walk over childNodes skips them, as the crawler must.
 */
import { parse } from 'parse5';

interface Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: Node[];
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
}

const tree = (html: string): Node => parse(html, { scriptingEnabled: false }) as unknown as Node;
const attr = (n: Node, name: string): string | undefined =>
  n.attrs?.find((a) => a.name === name)?.value;
const collapse = (s: string): string => s.replace(/[\t\n\f\r ]+/g, ' ').trim();
const textOf = (n: Node): string =>
  [...walk(n)].map((c) => (c.nodeName === '#text' ? (c.value ?? '') : '')).join('');

const LINK_ATTR: Record<string, string> = {
  a: 'href',
  area: 'href',
  link: 'href',
  img: 'src',
  script: 'src',
  iframe: 'src',
};

/** `tag attr value` of every link element, in tree order (values decoded, not resolved). */
export function oracleLinks(html: string): Array<{ tag: string; attr: string; value: string }> {
  const out: Array<{ tag: string; attr: string; value: string }> = [];
  for (const n of walk(tree(html))) {
    const name = n.tagName === undefined ? undefined : LINK_ATTR[n.tagName];
    const value = name === undefined ? undefined : attr(n, name);
    if (name !== undefined && value !== undefined) out.push({ tag: n.tagName!, attr: name, value });
  }
  return out;
}

const HIDDEN = new Set(['script', 'style', 'title', 'textarea', 'template']);
const BLOCKS = new Set(['div', 'section', 'h1', 'li', 'ul', 'br', 'p', 'body', 'html', 'head']);

/** The visible text: text nodes outside hidden elements, block boundaries as spaces, collapsed. */
export function oracleText(html: string): string {
  let out = '';
  const visit = (n: Node): void => {
    if (n.nodeName === '#text') {
      out += n.value ?? '';
      return;
    }
    if (n.tagName !== undefined && HIDDEN.has(n.tagName)) return;
    const block = n.tagName !== undefined && BLOCKS.has(n.tagName);
    if (block) out += ' ';
    for (const c of n.childNodes ?? []) visit(c);
    if (block) out += ' ';
  };
  visit(tree(html));
  return collapse(out);
}

/** The first title's text, collapsed. */
export function oracleTitle(html: string): string | undefined {
  for (const n of walk(tree(html))) if (n.tagName === 'title') return collapse(textOf(n));
  return undefined;
}

/** The entry list of each form (HTML §4.10.21.4, for the controls the generator writes). */
export function oracleForms(html: string): Array<Array<[string, string]>> {
  const forms: Array<Array<[string, string]>> = [];
  for (const f of walk(tree(html))) {
    if (f.tagName !== 'form') continue;
    const entries: Array<[string, string]> = [];
    for (const c of walk(f)) {
      const name = attr(c, 'name');
      if (c === f || name === undefined || name === '' || attr(c, 'disabled') !== undefined)
        continue;
      if (c.tagName === 'input') {
        const type = (attr(c, 'type') ?? 'text').toLowerCase();
        if ((type === 'checkbox' || type === 'radio') && attr(c, 'checked') === undefined) continue;
        entries.push([
          name,
          attr(c, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''),
        ]);
      } else if (c.tagName === 'textarea') {
        entries.push([name, textOf(c)]);
      } else if (c.tagName === 'select') {
        const options = [...walk(c)].filter((o) => o.tagName === 'option');
        const selected = options.filter((o) => attr(o, 'selected') !== undefined);
        const pick = selected.at(-1) ?? options.find((o) => attr(o, 'disabled') === undefined);
        if (pick !== undefined && attr(pick, 'disabled') === undefined)
          entries.push([name, attr(pick, 'value') ?? collapse(textOf(pick))]);
      }
    }
    forms.push(entries);
  }
  return forms;
}
