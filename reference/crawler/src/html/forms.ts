/**
 * extractForms: every `<form>` with what it would submit (HTML §4.10.21.4, "constructing the
 * entry list"), from the markup alone.
 *
 * - Controls belong to the form they are inside (the `form=` attribute is not followed). A
 *   `<form>` inside an open form is ignored, as the HTML parser ignores it.
 * - A control with no name, or `disabled`, submits nothing.
 * - `<input>`: checkbox and radio only when `checked` (value default "on"); submit buttons only
 *   as the submitter (listed with type "submit"); reset, button, image and file are left out.
 *   An unknown type is "text".
 * - `<select>`: the selected options; without `multiple` the last `selected` one, or else the
 *   first option that is not disabled. An option's value is its `value` or its collapsed text.
 * - `<textarea>`: its text, the first newline after the start tag dropped.
 * - `<button>`: type submit (the default) is a submitter.
 * - action: the document's URL when absent or empty, else resolved against the base URL;
 *   method GET unless "post"; enctype urlencoded unless multipart/form-data or text/plain.
 */
import { resolveHref } from '../url.ts';
import type { Attributes } from './tokenizer.ts';
import { collapse, pageTokens } from './walk.ts';

export interface FormField {
  name: string;
  value: string;
  /** The input type ("text", "hidden", "checkbox"…), "select", "textarea" or "submit". */
  type: string;
}

export type FormEnctype =
  | 'application/x-www-form-urlencoded'
  | 'multipart/form-data'
  | 'text/plain';

export interface Form {
  /** Absolute URL the form submits to. */
  action: string;
  method: 'GET' | 'POST';
  enctype: FormEnctype;
  /** The form's entries in tree order; type "submit" ones are sent only as the submitter. */
  fields: FormField[];
  /** `id` and `name` of the form element, when present. */
  id?: string;
  name?: string;
}

const SKIPPED_INPUTS = new Set(['reset', 'button', 'image', 'file']);
const INPUT_TYPES = new Set(
  'hidden text search tel url email password date month week time datetime-local number range color checkbox radio file submit image reset button'.split(
    ' ',
  ),
);

interface OpenSelect {
  name: string | undefined;
  multiple: boolean;
  disabled: boolean;
  options: Array<{ value: string | undefined; text: string; selected: boolean; disabled: boolean }>;
}

function enctypeOf(value: string | undefined): FormEnctype {
  const v = value?.trim().toLowerCase();
  return v === 'multipart/form-data' || v === 'text/plain'
    ? v
    : 'application/x-www-form-urlencoded';
}

export function extractForms(html: string, documentUrl: string): Form[] {
  const forms: Array<{ form: Form; actionRaw: string | undefined }> = [];
  let baseHref: string | undefined;
  let form: Form | undefined;
  let select: OpenSelect | undefined;
  let textarea: { name: string | undefined; disabled: boolean; text: string } | undefined;
  const named = (a: Attributes): string | undefined => {
    const name = a.get('name');
    return name === undefined || name === '' || a.has('disabled') ? undefined : name;
  };
  const closeSelect = (): void => {
    if (select === undefined || form === undefined || select.name === undefined || select.disabled)
      return;
    const opts = select.options;
    const picked = select.multiple
      ? opts.filter((o) => o.selected)
      : [opts.filter((o) => o.selected).at(-1) ?? opts.find((o) => !o.disabled)].filter(
          (o) => o !== undefined,
        );
    for (const o of picked) {
      if (!o.disabled)
        form.fields.push({ name: select.name, value: o.value ?? collapse(o.text), type: 'select' });
    }
  };
  for (const token of pageTokens(html)) {
    if (textarea !== undefined) {
      if (token.type === 'text') textarea.text += token.text;
      else {
        if (form !== undefined && textarea.name !== undefined && !textarea.disabled) {
          form.fields.push({
            name: textarea.name,
            value: textarea.text.replace(/^\n/, ''),
            type: 'textarea',
          });
        }
        textarea = undefined;
      }
      if (token.type === 'text') continue;
    }
    if (token.type === 'text') {
      const last = select?.options.at(-1);
      if (last !== undefined) last.text += token.text;
      continue;
    }
    if (token.type === 'end') {
      if (token.name === 'form') form = undefined;
      else if (token.name === 'select') {
        closeSelect();
        select = undefined;
      }
      continue;
    }
    const a = token.attrs;
    switch (token.name) {
      case 'base':
        if (baseHref === undefined && a.has('href')) baseHref = a.get('href');
        break;
      case 'form':
        if (form !== undefined) break;
        form = {
          action: '',
          method: a.get('method')?.trim().toLowerCase() === 'post' ? 'POST' : 'GET',
          enctype: enctypeOf(a.get('enctype')),
          fields: [],
          ...(a.has('id') ? { id: a.get('id')! } : {}),
          ...(a.has('name') ? { name: a.get('name')! } : {}),
        };
        forms.push({ form, actionRaw: a.get('action') });
        break;
      case 'input': {
        const name = named(a);
        const rawType = a.get('type')?.trim().toLowerCase() ?? 'text';
        const type = INPUT_TYPES.has(rawType) ? rawType : 'text';
        if (form === undefined || name === undefined || SKIPPED_INPUTS.has(type)) break;
        if ((type === 'checkbox' || type === 'radio') && !a.has('checked')) break;
        const fallback =
          type === 'checkbox' || type === 'radio' ? 'on' : type === 'submit' ? 'Submit' : '';
        form.fields.push({ name, value: a.get('value') ?? fallback, type });
        break;
      }
      case 'button': {
        const name = named(a);
        const type = a.get('type')?.trim().toLowerCase() ?? 'submit';
        if (
          form !== undefined &&
          name !== undefined &&
          (type === 'submit' || !['reset', 'button'].includes(type))
        ) {
          form.fields.push({ name, value: a.get('value') ?? '', type: 'submit' });
        }
        break;
      }
      case 'select':
        closeSelect();
        select = {
          name: named(a),
          multiple: a.has('multiple'),
          disabled: a.has('disabled'),
          options: [],
        };
        break;
      case 'option':
        select?.options.push({
          value: a.get('value'),
          text: '',
          selected: a.has('selected'),
          disabled: a.has('disabled'),
        });
        break;
      case 'textarea':
        textarea = { name: named(a), disabled: a.has('disabled'), text: '' };
        break;
    }
  }
  closeSelect();
  const base =
    (baseHref === undefined ? undefined : resolveHref(documentUrl, baseHref)) ?? documentUrl;
  return forms.map(({ form: f, actionRaw }) => {
    const action =
      actionRaw === undefined || actionRaw === ''
        ? documentUrl
        : (resolveHref(base, actionRaw) ?? documentUrl);
    return { ...f, action };
  });
}
