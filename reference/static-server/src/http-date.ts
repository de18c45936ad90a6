/**
 * HTTP-date (RFC 9110 §5.6.7).
 *
 *   HTTP-date    = IMF-fixdate / obs-date
 *   IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
 *   date1        = day SP month SP year            ; e.g., 02 Jun 1982
 *   obs-date     = rfc850-date / asctime-date
 *   rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
 *   date2        = day "-" month "-" 2DIGIT        ; e.g., 02-Jun-82
 *   asctime-date = day-name SP date3 SP time-of-day SP year
 *   date3        = month SP ( 2DIGIT / ( SP DIGIT )) ; e.g., Jun  2
 *   time-of-day  = hour ":" minute ":" second
 *
 * "A recipient that parses a timestamp value in an HTTP field MUST accept all three HTTP-date
 * formats." `Date.parse` is not used: it accepts almost anything ("1" is the year 2001), and a
 * conditional request with a garbage date must be treated as if the field were absent.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const DAY = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const DAY_L = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const IMF_FIXDATE = new RegExp(`^(?:${DAY}), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^(?:${DAY_L}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:${DAY}) (${MONTH}) ((?:\\d| )\\d) ${TIME} (\\d{4})$`);

export function parseHttpDate(value: string): number | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m !== null) return build(m[3]!, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC850.exec(value);
  if (m !== null) return build(twoDigitYear(Number(m[3])), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = ASCTIME.exec(value);
  if (m !== null) return build(m[6]!, m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/**
 * "Recipients of a timestamp value in rfc850-date format, which uses a two-digit year, MUST
 * interpret a timestamp that appears to be more than 50 years in the future as representing the
 * most recent year in the past that had the same last two digits."
 */
function twoDigitYear(yy: number): string {
  const thisYear = new Date().getUTCFullYear();
  const year = 2000 + yy;
  return String(year > thisYear + 50 ? year - 100 : year);
}

function build(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
): number | undefined {
  const [y, mo, d, h, mi, s] = [
    Number(year),
    MONTHS.indexOf(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  ];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo, d, h, mi, s);
  // Date.UTC rolls 31 Feb over into March: a day the month does not have is not a date.
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** IMF-fixdate of a time, to the second: what Date and Last-Modified carry. */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
