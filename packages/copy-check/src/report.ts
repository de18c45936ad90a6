import type { CopyPair } from './compare.ts';

/** One CSV cell (RFC 4180), a leading = + - @ defused for spreadsheets. */
function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** copies.csv: one row per pair (flagged only, by default), highest similarity first. */
export function copiesCsv(pairs: CopyPair[], flaggedOnly = true): string {
  const head = [
    'kata',
    'a',
    'b',
    'similarity',
    'a_in_b',
    'b_in_a',
    'shared',
    'flagged',
    'reference',
    'matches',
  ];
  const rows = pairs
    .filter((p) => !flaggedOnly || p.flagged)
    .map((p) => [
      p.kata,
      p.a,
      p.b,
      p.similarity.toFixed(2),
      p.aInB.toFixed(2),
      p.bInA.toFixed(2),
      p.shared,
      p.flagged ? 'yes' : 'no',
      p.reference ? 'yes' : 'no',
      p.matches.join('; '),
    ]);
  return `${[head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
