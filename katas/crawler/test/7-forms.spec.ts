import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { encodeForm, extractForms, type Form, submitForm } from '../src/index.ts';
import { echo, echoed, startSite, useFixtures } from './helpers.ts';

const { agent } = useFixtures();
const BASE = 'http://site.test/dir/page';
const only = (html: string): Form => {
  const forms = extractForms(html, BASE);
  expect(forms, 'one form expected').toHaveLength(1);
  return forms[0]!;
};
const pairs = (form: Form): string[] => form.fields.map((f) => `${f.name}=${f.value}`);
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('7. Forms', () => {
  describe('extractForms: the form element', () => {
    it('reads action, method and enctype', () => {
      const f = only('<form action="/submit" method="POST" enctype="multipart/form-data"></form>');
      expect(f.action).toBe('http://site.test/submit');
      expect(f.method).toBe('POST');
      expect(f.enctype).toBe('multipart/form-data');
    });

    it('defaults to GET, urlencoded, and the document URL', () => {
      const f = only('<form></form>');
      expect(f.method).toBe('GET');
      expect(f.enctype).toBe('application/x-www-form-urlencoded');
      expect(f.action, hint(7, 'no action: the form submits to its document')).toBe(BASE);
    });

    it('treats an unknown method as GET and an unknown enctype as urlencoded', () => {
      const f = only('<form method="dialog" enctype="application/json" action="">');
      expect([f.method, f.enctype, f.action]).toEqual([
        'GET',
        'application/x-www-form-urlencoded',
        BASE,
      ]);
    });

    it('resolves action against <base href>', () => {
      expect(only('<base href="/b/"><form action="go">').action).toBe('http://site.test/b/go');
    });

    it('finds several forms in order, with id and name', () => {
      const forms = extractForms('<form id="a"></form><form name="b"></form>', BASE);
      expect(forms.map((f) => f.id ?? f.name)).toEqual(['a', 'b']);
    });

    it('ignores a form nested in a form (the parser does)', () => {
      const forms = extractForms(
        '<form action="/outer"><input name="a" value="1"><form action="/inner"><input name="b" value="2"></form>',
        BASE,
      );
      expect(forms, hint(7, 'a <form> start tag inside an open form is dropped')).toHaveLength(1);
      expect(pairs(forms[0]!)).toEqual(['a=1', 'b=2']);
    });

    it('ignores controls outside any form, and forms in templates', () => {
      const forms = extractForms(
        '<input name="lost"><template><form><input name="t"></form></template><form><input name="in"></form>',
        BASE,
      );
      expect(forms.map(pairs)).toEqual([['in=']]);
    });
  });

  describe('extractForms: controls (HTML §4.10.21.4)', () => {
    it('reads text, hidden, password and other inputs with their values', () => {
      const f = only(
        '<form><input name="q" value="cats"><input type="hidden" name="t" value="x1"><input type="password" name="p"><input type="email" name="e" value="a@b"></form>',
      );
      expect(pairs(f)).toEqual(['q=cats', 't=x1', 'p=', 'e=a@b']);
      expect(f.fields.map((x) => x.type)).toEqual(['text', 'hidden', 'password', 'email']);
    });

    it('treats an unknown input type as text', () => {
      expect(only('<form><input type="fancy" name="f" value="v">').fields[0]!.type).toBe('text');
    });

    it('skips controls without a name or with disabled', () => {
      expect(
        pairs(
          only(
            '<form><input value="anon"><input name="" value="e"><input name="d" value="1" disabled><input name="ok" value="2">',
          ),
        ),
      ).toEqual(['ok=2']);
    });

    it('includes checkboxes and radios only when checked, "on" by default', () => {
      const f = only(
        '<form><input type="checkbox" name="a" checked><input type="checkbox" name="b" value="no"><input type="radio" name="r" value="1"><input type="radio" name="r" value="2" checked></form>',
      );
      expect(pairs(f), hint(7, 'unchecked boxes are not submitted at all')).toEqual([
        'a=on',
        'r=2',
      ]);
    });

    it('leaves out reset, button, image and file inputs', () => {
      expect(
        pairs(
          only(
            '<form><input type="reset" name="r"><input type="button" name="b"><input type="image" name="i"><input type="file" name="f"><input name="k" value="v">',
          ),
        ),
      ).toEqual(['k=v']);
    });

    it('lists submit buttons as type "submit"', () => {
      const f = only(
        '<form><input type="submit" name="go" value="Go"><button name="b" value="B">B</button><button type="button" name="no">x</button><button type="reset" name="no2">x</button></form>',
      );
      expect(f.fields).toEqual([
        { name: 'go', value: 'Go', type: 'submit' },
        { name: 'b', value: 'B', type: 'submit' },
      ]);
    });

    it('reads a select with its selected option', () => {
      expect(
        pairs(
          only(
            '<form><select name="s"><option value="1">One<option value="2" selected>Two<option value="3">Three</select></form>',
          ),
        ),
      ).toEqual(['s=2']);
    });

    it('selects the first enabled option when none is selected', () => {
      expect(
        pairs(
          only('<form><select name="s"><option disabled>x<option>First<option>Second</select>'),
        ),
        hint(7, 'a single select always has a value'),
      ).toEqual(['s=First']);
    });

    it('uses the option text, collapsed, when it has no value', () => {
      expect(
        pairs(only('<form><select name="s"><option selected>\n  Two   words\n</option></select>')),
      ).toEqual(['s=Two words']);
    });

    it('reads every selected option of a multiple select, and none when none is', () => {
      expect(
        pairs(
          only(
            '<form><select name="m" multiple><option selected>a<option>b<option selected>c</select><select name="n" multiple><option>x</select>',
          ),
        ),
      ).toEqual(['m=a', 'm=c']);
    });

    it('reads a textarea, dropping its first newline, references decoded', () => {
      expect(only('<form><textarea name="t">\nline 1\nline &amp; 2</textarea>').fields[0]).toEqual({
        name: 't',
        value: 'line 1\nline & 2',
        type: 'textarea',
      });
    });
  });

  describe('extractForms: controls outside forms, defaults and types', () => {
    it('ignores a select, textarea, button or option outside any form', () => {
      const forms = extractForms(
        '<select name="s"><option>x</option></select><textarea name="t">x</textarea><button name="b">b</button><option>o</option><form><input name="in"></form>',
        BASE,
      );
      expect(forms.map(pairs), hint(7, 'only controls inside an open form count')).toEqual([
        ['in='],
      ]);
    });

    it('leaves out a select, textarea or button without a name', () => {
      expect(
        only(
          '<form><select><option>x</option></select><textarea>t</textarea><button>Go</button><input name="k"></form>',
        ).fields,
      ).toEqual([{ name: 'k', value: '', type: 'text' }]);
    });

    it('types each entry: select, textarea, submit (any button not reset or button submits)', () => {
      expect(
        only(
          '<form><select name="s"><option>a</option></select><textarea name="t">b</textarea><button name="b"></button><button type="submit" name="c" value="C"></button><button type="bogus" name="d" value="D"></button></form>',
        ).fields,
      ).toEqual([
        { name: 's', value: 'a', type: 'select' },
        { name: 't', value: 'b', type: 'textarea' },
        { name: 'b', value: '', type: 'submit' },
        { name: 'c', value: 'C', type: 'submit' },
        { name: 'd', value: 'D', type: 'submit' },
      ]);
    });

    it('gives a checked radio without a value "on"', () => {
      expect(pairs(only('<form><input type="radio" name="r" checked></form>'))).toEqual(['r=on']);
    });

    it('reads several selected options only when the select is multiple', () => {
      expect(
        pairs(
          only(
            '<form><select name="m" MULTIPLE><option selected>a<option selected>b</select><select name="s"><option selected>c<option selected>d</select></form>',
          ),
        ),
        hint(7, 'a single select sends its last selected option'),
      ).toEqual(['m=a', 'm=b', 's=d']);
    });

    it('resolves action against the first <base href> only', () => {
      expect(only('<base href="/a/"><base href="/b/"><form action="go">').action).toBe(
        'http://site.test/a/go',
      );
    });

    it('submits to the document URL, not <base href>, when action is missing or empty', () => {
      const forms = extractForms('<base href="/b/"><form></form><form action=""></form>', BASE);
      expect(
        forms.map((f) => f.action),
        hint(7, 'an empty action is the document URL'),
      ).toEqual([BASE, BASE]);
    });
  });

  describe('encodeForm', () => {
    const form = (extra = ''): Form =>
      only(
        `<form action="/s?old=1#frag" ${extra}><input name="q" value="a b"><input name="lang" value="fr"><input type="submit" name="go" value="Go"></form>`,
      );

    it('GET: replaces the action query with the urlencoded entries', () => {
      const enc = encodeForm(form());
      expect(enc.method).toBe('GET');
      expect(enc.url, hint(7, 'GET forms replace the query (and spaces are "+")')).toBe(
        'http://site.test/s?q=a+b&lang=fr',
      );
      expect(enc.body).toBeUndefined();
    });

    it('replaces values by name and appends new names', () => {
      const enc = encodeForm(form(), { lang: 'en', extra: 'é&=' });
      expect(enc.url).toBe('http://site.test/s?q=a+b&lang=en&extra=%C3%A9%26%3D');
    });

    it('replaces every entry of a name with an array of values', () => {
      expect(encodeForm(form(), { q: ['1', '2'] }).url).toBe('http://site.test/s?q=1&q=2&lang=fr');
    });

    it('adds the submitter’s entry only when it is named', () => {
      expect(
        encodeForm(form(), {}, { submitter: 'go' }).url,
        hint(7, 'a submit button is an entry only if it submitted the form'),
      ).toBe('http://site.test/s?q=a+b&lang=fr&go=Go');
    });

    it('POST urlencoded: the entries as the body', () => {
      const enc = encodeForm(form('method="post"'));
      expect(enc.method).toBe('POST');
      expect(enc.url).toBe('http://site.test/s?old=1');
      expect(enc.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
      expect(text(enc.body)).toBe('q=a+b&lang=fr');
    });

    it('normalizes line breaks in values to CRLF', () => {
      const f = only('<form method="post"><textarea name="t">a\nb</textarea></form>');
      expect(text(encodeForm(f).body), hint(7, 'entry values: every line break becomes CRLF')).toBe(
        't=a%0D%0Ab',
      );
    });

    it('POST multipart/form-data: one part per entry (RFC 7578 §4.2)', () => {
      const f = only(
        '<form method="post" enctype="multipart/form-data"><input name="a" value="1"><textarea name="b">x\ny</textarea></form>',
      );
      const enc = encodeForm(f, undefined, { boundary: 'XyZ' });
      expect(enc.headers).toContainEqual(['Content-Type', 'multipart/form-data; boundary=XyZ']);
      expect(text(enc.body)).toBe(
        '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
          '--XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\nx\r\ny\r\n--XyZ--\r\n',
      );
    });

    it('escapes " CR LF in multipart field names', () => {
      const f = only('<form method="post" enctype="multipart/form-data"></form>');
      const body = text(encodeForm(f, [['a"b\nc', 'v']], { boundary: 'B' }).body);
      expect(body, hint(7, 'a name must not end its quoted-string or its line')).toContain(
        'name="a%22b%0D%0Ac"',
      );
    });

    it('chooses a random boundary that the body does not contain elsewhere', () => {
      const f = only(
        '<form method="post" enctype="multipart/form-data"><input name="a" value="1"></form>',
      );
      const a = encodeForm(f);
      const b = encodeForm(f);
      const boundary = /boundary=(.+)$/.exec(
        a.headers.find(([n]) => n === 'Content-Type')![1],
      )![1]!;
      expect(boundary.length).toBeGreaterThanOrEqual(16);
      expect(a.headers, hint(7, 'random per request')).not.toEqual(b.headers);
    });

    it('POST text/plain: name=value lines', () => {
      const f = only(
        '<form method="post" enctype="text/plain"><input name="a" value="1"><input name="b" value="2 3"></form>',
      );
      expect(text(encodeForm(f).body)).toBe('a=1\r\nb=2 3\r\n');
    });
  });

  describe('submitForm', () => {
    it('submits a GET form to the fixture site', async () => {
      const site = await startSite(echo);
      const [f] = extractForms(
        '<form action="/search"><input name="q" value="x y"></form>',
        site.url('/'),
      );
      const e = echoed(await submitForm(f!, { q: 'crawler' }, { agent: agent() }));
      expect(e.method).toBe('GET');
      expect(e.target).toBe('/search?q=crawler');
    });

    it('submits a urlencoded POST form', async () => {
      const site = await startSite(echo);
      const [f] = extractForms(
        '<form method="post" action="/login"><input name="user" value="ada"><input type="password" name="pw"></form>',
        site.url('/'),
      );
      const e = echoed(await submitForm(f!, { pw: 's3cr&t' }, { agent: agent() }));
      expect(e.method).toBe('POST');
      expect(e.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(e.body).toBe('user=ada&pw=s3cr%26t');
    });

    it('submits a multipart form the server can parse', async () => {
      const site = await startSite(echo);
      const [f] = extractForms(
        '<form method="post" enctype="multipart/form-data" action="/up"><input name="title" value="Été"><textarea name="notes">a\nb</textarea></form>',
        site.url('/'),
      );
      const e = echoed(await submitForm(f!, undefined, { agent: agent() }));
      const parsed = await new Response(e.body, {
        headers: { 'content-type': e.headers['content-type']! },
      }).formData();
      expect([...parsed.entries()], hint(7, 'RFC 7578: boundary, parts, CRLFs')).toEqual([
        ['title', 'Été'],
        ['notes', 'a\r\nb'],
      ]);
    });
  });
});
