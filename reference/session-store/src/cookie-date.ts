/**
 * The cookie-date algorithm of RFC 6265 §5.1.1: how a user agent reads an Expires attribute.
 * It is deliberately forgiving (any order, any delimiters, two-digit years) because servers sent
 * every date format under the sun for twenty years.
 *
 *   cookie-date   = *delimiter date-token-list *delimiter
 *   date-token-list = date-token *( 1*delimiter date-token )
 *   delimiter     = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
 *   time          = hms-time ( non-digit *OCTET )
 *   hms-time      = time-field ":" time-field ":" time-field
 *   time-field    = 1*2DIGIT
 *   day-of-month  = 1*2DIGIT ( non-digit *OCTET )
 *   month         = ( "jan" / "feb" / ... / "dec" ) *OCTET
 *   year          = 2*4DIGIT ( non-digit *OCTET )
 */

const DELIMITERS = /[\x09\x20-\x2F\x3B-\x40\x5B-\x60\x7B-\x7E]+/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/;
const DAY = /^(\d{1,2})(?:\D|$)/;
const YEAR = /^(\d{2,4})(?:\D|$)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Milliseconds since the epoch, or undefined when §5.1.1 says "fail to parse". */
export function parseCookieDate(text: string): number | undefined {
  let time: number[] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of text.split(DELIMITERS)) {
    // Step 2: each token is tried as time, then day, then month, then year, first match wins.
    const t = time === undefined ? TIME.exec(token) : null;
    if (t !== null) {
      time = [Number(t[1]), Number(t[2]), Number(t[3])];
      continue;
    }
    const d = day === undefined ? DAY.exec(token) : null;
    if (d !== null) {
      day = Number(d[1]);
      continue;
    }
    const m = month === undefined ? MONTHS.indexOf(token.slice(0, 3).toLowerCase()) : -1;
    if (m !== -1) {
      month = m;
      continue;
    }
    const y = year === undefined ? YEAR.exec(token) : null;
    if (y !== null) year = Number(y[1]);
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) {
    return undefined;
  }
  // Steps 3–4: two-digit years.
  if (year >= 70 && year <= 99) year += 1900;
  else if (year <= 69) year += 2000;
  const [hour = 0, minute = 0, second = 0] = time;
  // Step 5: out-of-range fields fail.
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // Step 6: "If the date does not exist (e.g. February 30)", fail: Date.UTC would roll over.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}
