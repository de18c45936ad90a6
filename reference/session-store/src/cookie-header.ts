/**
 * The `Cookie` request header (RFC 6265 §4.2.1, §5.4).
 *
 *   cookie-header = "Cookie:" OWS cookie-string OWS
 *   cookie-string = cookie-pair *( ";" SP cookie-pair )
 *   cookie-pair   = cookie-name "=" cookie-value
 *
 * Servers must be liberal here: real browsers and proxies send pairs without the SP, with extra
 * whitespace, or with no "=" at all. We follow the user agent's own algorithm (§5.2 steps 1–4,
 * applied per pair): split on ";", split each pair at its first "=", trim SP and HTAB.
 */

/**
 * Parses a Cookie header into an ordered map of name → value.
 *
 * - A pair without "=" or with an empty name is skipped (§5.2: "ignore the cookie-string").
 * - The first occurrence of a name wins: browsers sort longer (more specific) paths first (§5.4
 *   step 2), so the first value is the one the application meant.
 * - Values are percent-decoded when they contain "%"; a malformed escape leaves the raw value,
 *   because one bad cookie from a sibling application must not break the whole header.
 * - Names are never decoded: "%5F%5FHost-id" is not "__Host-id" (CVE-2022-31629).
 */
export function parseCookie(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  const length = header.length;
  let start = 0;
  while (start < length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      const name = trim(header, start, eq);
      if (name !== '' && !cookies.has(name)) {
        cookies.set(name, decode(trim(header, eq + 1, end)));
      }
    }
    start = end + 1;
  }
  return cookies;
}

/** Slice with leading and trailing SP / HTAB removed (the WSP of RFC 5234). */
function trim(text: string, start: number, end: number): string {
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isWsp(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** decodeURIComponent when there is something to decode; the raw text when it is malformed. */
function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
