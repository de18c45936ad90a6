/**
 * Content-Disposition of a form part (RFC 7578 §4.2, RFC 6266 §4.1) and the boundary parameter
 * of Content-Type (RFC 2046 §5.1.1).
 *
 *   disposition       = "form-data" *( OWS ";" OWS disp-ext-parm )
 *   disp-ext-parm     = token "=" ( token / quoted-string ) / ext-token "=" ext-value
 *   ext-value         = charset "'" [ language ] "'" value-chars      ; RFC 5987 §3.2
 *   boundary          = 0*69<bchars> bcharsnospace                      ; 1 to 70 characters
 */

export interface Disposition {
  type: string;
  params: Map<string, string>;
}

/** Splits `type; a=b; c="d;e"` into the type and lower-cased parameter names. */
export function parseParams(value: string): Disposition {
  const params = new Map<string, string>();
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  let i = semi < 0 ? value.length : semi + 1;
  while (i < value.length) {
    while (value[i] === ' ' || value[i] === '\t' || value[i] === ';') i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let v = '';
    if (value[i] === '"') {
      // quoted-string: a backslash quotes a following '"' or '\'. Before anything else it is
      // kept, as busboy does: browsers send Windows paths (C:\Users\…) unescaped.
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && (value[i + 1] === '"' || value[i + 1] === '\\')) i++;
        v += value[i];
        i++;
      }
      i++;
    } else {
      const end = value.indexOf(';', i);
      v = value.slice(i, end < 0 ? value.length : end).trim();
      i = end < 0 ? value.length : end;
    }
    if (name !== '' && !params.has(name)) params.set(name, v);
  }
  return { type, params };
}

/** RFC 5987 ext-value: `UTF-8''%e2%82%ac%20rates.txt`; undefined when it is not one. */
export function decodeExtValue(value: string): string | undefined {
  const m = /^([A-Za-z0-9!#$&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (m === null) return undefined;
  const charset = m[1]!.toLowerCase();
  const bytes: number[] = [];
  const text = m[2]!;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  if (charset === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return undefined;
    }
  }
  if (charset === 'iso-8859-1') return String.fromCharCode(...bytes);
  return undefined;
}

/** RFC 7578 §4.2: a filename's path is never used; keep what follows the last / or \. */
export function baseName(filename: string): string {
  const cut = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
  return filename.slice(cut + 1);
}

const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary of a multipart Content-Type, or undefined when absent or not RFC 2046. */
export function boundaryOf(contentType: string): string | undefined {
  const b = parseParams(contentType).params.get('boundary');
  return b !== undefined && BCHARS.test(b) ? b : undefined;
}
