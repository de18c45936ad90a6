/**
 * Range requests (RFC 9110 §14).
 *
 *   Range            = ranges-specifier
 *   ranges-specifier = range-unit "=" range-set
 *   range-unit       = token                          ; compared case-insensitively (§14.1)
 *   range-set        = 1#range-spec
 *   range-spec       = int-range / suffix-range / other-range
 *   int-range        = first-pos "-" [ last-pos ]
 *   suffix-range     = "-" suffix-length
 *
 * "An int-range is invalid if the last-pos value is present and less than the first-pos", and
 * a server MAY ignore a Range field it cannot parse: we serve the whole file then (200).
 */

/** An inclusive byte range: `{ start: 0, end: 499 }` is the first 500 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeResult =
  | { type: 'ranges'; ranges: ByteRange[] }
  | { type: 'unsatisfiable' }
  | { type: 'ignore' };

/**
 * More ranges than this in one request is refused (whole file). RFC 9110 §14.2: a server "MAY
 * ignore or reject a Range header field that contains … a set of many small ranges"; Apache's
 * CVE-2011-3192 ("Apache Killer") was a few hundred overlapping ranges of one small file, each
 * a copy of the body in memory.
 */
export const MAX_RANGES = 16;

const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

export function parseRange(header: string, size: number): RangeResult {
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).toLowerCase() !== 'bytes') return IGNORE;
  // 1#element: empty list elements ("a, , b") must be accepted and ignored (RFC 9110 §5.6.1.2).
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length === 0 || specs.length > MAX_RANGES) return IGNORE;

  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const int = INT_RANGE.exec(spec);
    if (int !== null) {
      const first = Number(int[1]);
      const last = int[2] === '' ? Number.POSITIVE_INFINITY : Number(int[2]);
      if (last < first) return IGNORE;
      // Satisfiable iff "the first-pos is less than the current length of the representation".
      if (first < size) ranges.push({ start: first, end: Math.min(last, size - 1) });
      continue;
    }
    const suffix = SUFFIX_RANGE.exec(spec);
    if (suffix === null) return IGNORE;
    const length = Number(suffix[1]);
    // Satisfiable iff "the suffix-length is nonzero and the representation has nonzero length".
    if (length > 0 && size > 0) ranges.push({ start: Math.max(0, size - length), end: size - 1 });
  }
  if (ranges.length === 0) return { type: 'unsatisfiable' };
  return overlaps(ranges) ? IGNORE : { type: 'ranges', ranges };
}

const IGNORE: RangeResult = Object.freeze({ type: 'ignore' });

/** Any two ranges sharing a byte: "more than two overlapping ranges" is the DoS shape of §14.3. */
function overlaps(ranges: ByteRange[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start <= sorted[i - 1]!.end) return true;
  }
  return false;
}
