/**
 * npm run copy-check -- <checkout folders…> [--kata SLUG…] [--threshold 0.5] [--csv FILE]
 *                       [--json FILE] [--all]
 *
 * Each folder is one participant's checkout (its name is the participant's); every available kata
 * of this repository is checked unless --kata narrows it. Prints the flagged pairs (all pairs
 * sharing code with --all) and writes them as CSV or JSON. Flags are for a person to look at:
 * similar code is a reason to talk, not a verdict.
 */
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableKatas } from '@hbu/kata-kit/course';
import { checkCopies } from './check.ts';
import { copiesCsv } from './report.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export function main(argv: string[], cwd = process.env.INIT_CWD ?? process.cwd()): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kata: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      csv: { type: 'string' },
      json: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (
    values.help ||
    positionals.length < 1 ||
    (threshold !== undefined && !(threshold > 0 && threshold <= 1))
  ) {
    console.error(
      'usage: npm run copy-check -- <checkout folders…> [--kata SLUG…] [--threshold 0–1] [--csv FILE] [--json FILE] [--all]',
    );
    return values.help ? 0 : 2;
  }
  const report = checkCopies({
    repository: ROOT,
    katas: values.kata ?? availableKatas(ROOT).map((k) => k.slug),
    checkouts: positionals.map((p) => ({ name: basename(resolve(cwd, p)), dir: resolve(cwd, p) })),
    ...(threshold === undefined ? {} : { options: { threshold } }),
  });
  const shown = values.all ? report.pairs : report.pairs.filter((p) => p.flagged);
  for (const p of shown) {
    console.log(
      `${p.flagged ? 'FLAG' : '    '} ${p.kata}: ${p.a} ~ ${p.b} ${Math.round(p.similarity * 100)} % ` +
        `(${p.shared} fingerprints; ${Math.round(p.aInB * 100)} % of ${p.a}, ${Math.round(p.bInA * 100)} % of ${p.b}) ${p.matches.slice(0, 2).join(', ')}`,
    );
  }
  console.log(
    `copy-check: ${report.pairs.filter((p) => p.flagged).length} flagged pairs (threshold ${Math.round(report.options.threshold * 100)} %) among ${positionals.length} checkouts`,
  );
  if (values.csv) writeFileSync(resolve(cwd, values.csv), copiesCsv(report.pairs, !values.all));
  if (values.json) writeFileSync(resolve(cwd, values.json), `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
