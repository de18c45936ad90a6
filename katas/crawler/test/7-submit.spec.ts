/** Form submission at its edges: submitters, repeated names, text/plain, and submitForm's options. */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { encodeForm, type Form, type FormEnctype, submitForm } from '../src/index.ts';
import { echo, echoed, startSite, useFixtures } from './helpers.ts';

const { agent } = useFixtures();
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
const form = (
  action: string,
  method: 'GET' | 'POST',
  enctype: FormEnctype,
  fields: Array<[string, string, string?]>,
): Form => ({
  action,
  method,
  enctype,
  fields: fields.map(([name, value, type = 'text']) => ({ name, value, type })),
});

describe('7. Forms', () => {
  describe('encodeForm: entries', () => {
    it('sends one submitter even when two submit buttons share its name', () => {
      const f = form('http://site.test/s', 'GET', 'application/x-www-form-urlencoded', [
        ['go', 'first', 'submit'],
        ['go', 'second', 'submit'],
      ]);
      expect(
        encodeForm(f, undefined, { submitter: 'go' }).url,
        hint(7, 'only the button that submitted the form is an entry'),
      ).toBe('http://site.test/s?go=first');
    });

    it('writes a replaced name once, at its first field', () => {
      const f = form('http://site.test/s', 'GET', 'application/x-www-form-urlencoded', [
        ['q', 'x'],
        ['k', '1'],
        ['q', 'y'],
      ]);
      expect(encodeForm(f, { q: 'z' }).url, hint(7, 'the values replace every q field')).toBe(
        'http://site.test/s?q=z&k=1',
      );
    });

    it('sends a GET form with no headers', () => {
      const f = form('http://site.test/s', 'GET', 'application/x-www-form-urlencoded', [
        ['a', '1'],
      ]);
      expect(encodeForm(f).headers).toEqual([]);
    });

    it('POSTs a text/plain form with its Content-Type', () => {
      const f = form('http://site.test/t', 'POST', 'text/plain', [['a', '1']]);
      const enc = encodeForm(f);
      expect(enc.method, hint(7, 'a text/plain form is POSTed')).toBe('POST');
      expect(enc.url).toBe('http://site.test/t');
      expect(enc.headers).toEqual([['Content-Type', 'text/plain;charset=UTF-8']]);
      expect(text(enc.body)).toBe('a=1\r\n');
    });
  });

  describe('submitForm: options', () => {
    it('passes submitter and boundary to the encoding, and adds the caller’s headers', async () => {
      const site = await startSite(echo);
      const f = form(site.url('/m'), 'POST', 'multipart/form-data', [
        ['a', '1'],
        ['go', 'Go', 'submit'],
      ]);
      const e = echoed(
        await submitForm(f, undefined, {
          agent: agent(),
          submitter: 'go',
          boundary: 'XyZ',
          headers: { 'X-Extra': 'one' },
        }),
      );
      expect(e.headers['content-type'], hint(7, 'the boundary option names the boundary')).toBe(
        'multipart/form-data; boundary=XyZ',
      );
      expect(e.body, hint(7, 'the submitter option adds its button')).toContain('name="go"');
      expect(e.body).toContain('--XyZ--');
      expect(e.headers['x-extra'], hint(7, 'the caller’s headers are sent too')).toBe('one');
    });

    it('takes the caller’s headers as pairs too', async () => {
      const site = await startSite(echo);
      const f = form(site.url('/p'), 'POST', 'application/x-www-form-urlencoded', [['a', '1']]);
      const e = echoed(
        await submitForm(f, undefined, {
          agent: agent(),
          headers: [
            ['X-Pair', 'p'],
            ['X-Other', 'o'],
          ],
        }),
      );
      expect(e.headers['x-pair']).toBe('p');
      expect(e.headers['x-other']).toBe('o');
      expect(e.body).toBe('a=1');
    });

    it('sends a GET form without a body', async () => {
      const site = await startSite(echo);
      const f = form(site.url('/g'), 'GET', 'application/x-www-form-urlencoded', [['a', '1']]);
      const e = echoed(await submitForm(f, undefined, { agent: agent() }));
      expect(e.target).toBe('/g?a=1');
      expect(e.headers['content-length'], hint(7, 'no body, no Content-Length')).toBeUndefined();
      expect(e.body).toBe('');
    });
  });
});
