/**
 * Submitting a form: the entry list, then one of three encodings (HTML §4.10.21.3, §4.10.21.7).
 *
 *   GET                                  the action URL with its query replaced by
 *                                        application/x-www-form-urlencoded pairs
 *   POST application/x-www-form-urlencoded  the same pairs as the body (kata 6's serializeQuery)
 *   POST multipart/form-data             RFC 7578: one part per entry,
 *                                        `Content-Disposition: form-data; name="…"`
 *   POST text/plain                      `name=value` CRLF per entry (for people, not programs)
 *
 * Before encoding, every line break in names and values becomes CRLF (HTML "converting an entry
 * list to a list of name-value pairs"). In multipart names, `"` CR LF are percent-encoded (HTML
 * §4.10.21.8) so a name can never end its header line or its quoted-string.
 */
import { randomBytes } from 'node:crypto';
import type { Form } from './html/forms.ts';
import { serializeQuery } from './prereqs.ts';
import { type ClientResponse, type RequestOptions, request } from './request.ts';
import { withoutFragment } from './url.ts';

/** New values by name (an array for several entries of one name), or pairs. */
export type FormValues = Record<string, string | string[]> | Iterable<readonly [string, string]>;

export interface EncodeOptions {
  /** The name of the submit button that submits the form (none by default). */
  submitter?: string;
  /** The multipart boundary (default: random). */
  boundary?: string;
}

/** A request ready to send. */
export interface EncodedForm {
  method: 'GET' | 'POST';
  url: string;
  headers: Array<[string, string]>;
  body?: Uint8Array;
}

function grouped(values: FormValues | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (values === undefined) return map;
  const pairs = Symbol.iterator in values ? values : Object.entries(values);
  for (const [name, value] of pairs as Iterable<readonly [string, string | string[]]>) {
    const list = map.get(name) ?? [];
    list.push(...(Array.isArray(value) ? value : [value]));
    map.set(name, list);
  }
  return map;
}

/**
 * The entry list: the form's fields in order, where `values` replaces every entry of a name it
 * mentions (at the place of the first one) and adds names the form does not have.
 */
export function formEntries(
  form: Form,
  values?: FormValues,
  submitter?: string,
): Array<[string, string]> {
  const overrides = grouped(values);
  const used = new Set<string>();
  const entries: Array<[string, string]> = [];
  let submitted = false;
  for (const field of form.fields) {
    if (field.type === 'submit') {
      if (submitted || field.name !== submitter) continue;
      submitted = true;
    }
    const override = overrides.get(field.name);
    if (override === undefined) entries.push([field.name, field.value]);
    else if (!used.has(field.name)) for (const v of override) entries.push([field.name, v]);
    used.add(field.name);
  }
  for (const [name, list] of overrides) {
    if (!used.has(name)) for (const v of list) entries.push([name, v]);
  }
  return entries.map(([n, v]) => [crlf(n), crlf(v)]);
}

function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

function multipart(entries: Array<[string, string]>, boundary: string): string {
  let body = '';
  for (const [name, value] of entries) {
    const escaped = name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${escaped}"\r\n\r\n${value}\r\n`;
  }
  return `${body}--${boundary}--\r\n`;
}

export function encodeForm(
  form: Form,
  values?: FormValues,
  options: EncodeOptions = {},
): EncodedForm {
  const entries = formEntries(form, values, options.submitter);
  const action = withoutFragment(form.action);
  if (form.method === 'GET') {
    const q = action.indexOf('?');
    return {
      method: 'GET',
      url: `${q < 0 ? action : action.slice(0, q)}?${serializeQuery(entries)}`,
      headers: [],
    };
  }
  const encoder = new TextEncoder();
  if (form.enctype === 'multipart/form-data') {
    const boundary = options.boundary ?? `----hbu-form-${randomBytes(12).toString('hex')}`;
    return {
      method: 'POST',
      url: action,
      headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]],
      body: encoder.encode(multipart(entries, boundary)),
    };
  }
  if (form.enctype === 'text/plain') {
    const text = entries.map(([n, v]) => `${n}=${v}\r\n`).join('');
    return {
      method: 'POST',
      url: action,
      headers: [['Content-Type', 'text/plain;charset=UTF-8']],
      body: encoder.encode(text),
    };
  }
  return {
    method: 'POST',
    url: action,
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: encoder.encode(serializeQuery(entries)),
  };
}

/** Encodes the form and sends it with `request`. */
export function submitForm(
  form: Form,
  values?: FormValues,
  options: RequestOptions & EncodeOptions = {},
): Promise<ClientResponse> {
  const { submitter, boundary, ...rest } = options;
  const encoded = encodeForm(form, values, {
    ...(submitter === undefined ? {} : { submitter }),
    ...(boundary === undefined ? {} : { boundary }),
  });
  const headers: Array<[string, string]> = [...encoded.headers];
  if (rest.headers !== undefined) {
    const extra =
      Symbol.iterator in rest.headers
        ? [...(rest.headers as Iterable<readonly [string, string]>)]
        : Object.entries(rest.headers);
    for (const [n, v] of extra) headers.push([n, v]);
  }
  return request(encoded.url, {
    ...rest,
    method: encoded.method,
    headers,
    ...(encoded.body === undefined ? {} : { body: encoded.body }),
  });
}
