import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type KataEntry,
  type KataJson,
  readJson,
  readManifest,
  stageTitle,
} from '../../packages/kata-kit/src/course.ts';

export {
  availableKatas,
  type KataEntry,
  type KataJson,
  readJson,
  readManifest,
  stageTitle,
} from '../../packages/kata-kit/src/course.ts';

/** The longest `short` label katas.json may give a kata (a projector column is narrow). */
export const SHORT_MAX = 12;

/** `## 3. Percent-encoding` headings of a README, as [3, 'Percent-encoding']. */
export function readmeStages(markdown: string): Array<[number, string]> {
  const stages: Array<[number, string]> = [];
  for (const match of markdown.matchAll(/^## (\d+)\. (.+?)\s*$/gm)) {
    stages.push([Number(match[1]), match[2]!]);
  }
  return stages;
}

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/**
 * Checks katas.json against the katas/ folder and each kata's files. Returns one message
 * per problem, empty when all is consistent.
 */
export function checkManifest(root: string): string[] {
  const problems: string[] = [];
  const entries = readManifest(root);
  const slugs = entries.map((k) => k.slug);
  const folders = listDir(join(root, 'katas')).filter(
    (name) => !name.startsWith('.') && statSync(join(root, 'katas', name)).isDirectory(),
  );

  for (const slug of new Set(slugs)) {
    if (slugs.filter((s) => s === slug).length > 1) problems.push(`katas.json lists ${slug} twice`);
  }
  const orders = entries.map((k) => k.order);
  if (orders.some((o, i) => o !== i + 1)) {
    problems.push(`katas.json: order must be 1..${entries.length} in list order`);
  }
  for (const kata of entries) {
    const short = kata.short;
    if (typeof short !== 'string' || short.trim() === '' || [...short].length > SHORT_MAX) {
      problems.push(
        `katas.json: ${kata.slug} needs "short", a leaderboard label of 1 to ${SHORT_MAX} characters`,
      );
    }
    for (const pre of kata.prerequisites) {
      const dep = entries.find((k) => k.slug === pre);
      if (dep === undefined || dep.order >= kata.order) {
        problems.push(`katas.json: ${kata.slug} needs ${pre}, which must come earlier`);
      }
    }
  }
  for (const folder of folders) {
    const entry = entries.find((k) => k.slug === folder);
    if (entry === undefined) problems.push(`katas/${folder} is not listed in katas.json`);
    else if (entry.status !== 'available') {
      problems.push(`katas/${folder} exists but katas.json marks it ${entry.status}`);
    }
  }
  for (const kata of entries.filter((k) => k.status === 'available')) {
    problems.push(...checkKataFiles(root, kata.slug));
  }
  problems.push(...checkReadmeTable(root, entries));
  return problems;
}

/** The root README's kata table must list every kata in order with its status. */
function checkReadmeTable(root: string, entries: KataEntry[]): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\|\s*(\d+)\s*\|\s*(.+?)\s*\|.+\|\s*(\w+)\s*\|$/gm)];
  return entries.flatMap((kata) => {
    const row = rows.find((r) => Number(r[1]) === kata.order);
    if (row === undefined)
      return [`README.md: the kata table has no row ${kata.order} (${kata.slug})`];
    if (!row[2]!.includes(kata.slug))
      return [`README.md: row ${kata.order} should be ${kata.slug}`];
    if (row[3] !== kata.status) {
      return [
        `README.md: ${kata.slug} is ${kata.status} in katas.json but ${row[3]} in the README table`,
      ];
    }
    return [];
  });
}

function checkKataFiles(root: string, slug: string): string[] {
  const problems: string[] = [];
  const dir = join(root, 'katas', slug);
  const need = (rel: string, base = dir): boolean => {
    const ok = existsSync(join(base, rel));
    if (!ok)
      problems.push(
        `${slug}: missing ${join(base === dir ? `katas/${slug}` : `reference/${slug}`, rel)}`,
      );
    return ok;
  };
  for (const file of ['README.md', 'HINTS.md', 'kata.json', 'package.json', 'vitest.config.ts']) {
    need(file);
  }
  // The participant template has no reference/ at all (npm run template); the source needs one each.
  if (existsSync(join(root, 'reference'))) need('src/index.ts', join(root, 'reference', slug));
  if (
    need('src/index.ts') &&
    !readFileSync(join(dir, 'src/index.ts'), 'utf8').includes('// TODO')
  ) {
    problems.push(`${slug}: src/index.ts is a stub and must carry a // TODO`);
  }
  const tests = listDir(join(dir, 'test'));
  if (!tests.some((f) => f.endsWith('.spec.ts') && !f.endsWith('.property.spec.ts'))) {
    problems.push(`${slug}: no test/*.spec.ts`);
  }
  if (!tests.some((f) => f.endsWith('.property.spec.ts'))) {
    problems.push(`${slug}: no test/*.property.spec.ts`);
  }
  if (!existsSync(join(dir, 'kata.json')) || !existsSync(join(dir, 'README.md'))) return problems;

  const kata = readJson<KataJson>(join(dir, 'kata.json'));
  if (kata.slug !== slug) problems.push(`${slug}: kata.json says slug ${kata.slug}`);
  if (!(kata.timeBudgetSeconds > 0))
    problems.push(`${slug}: kata.json needs timeBudgetSeconds > 0`);
  const weights = kata.stages.reduce((sum, s) => sum + s.weight, 0);
  if (weights !== 100)
    problems.push(`${slug}: kata.json stage weights add up to ${weights}, not 100`);
  kata.stages.forEach((stage, i) => {
    if (stage.id !== i + 1) problems.push(`${slug}: kata.json stage ${i + 1} has id ${stage.id}`);
    if (!(stage.weight > 0)) problems.push(`${slug}: stage ${stage.id} needs a positive weight`);
  });
  const readme = readmeStages(readFileSync(join(dir, 'README.md'), 'utf8'));
  const fromJson = kata.stages.map((s) => stageTitle(s));
  const fromReadme = readme.map(([id, title]) => stageTitle({ id, title }));
  for (const title of fromReadme) {
    if (!fromJson.includes(title))
      problems.push(`${slug}: README stage "${title}" has no kata.json entry`);
  }
  for (const title of fromJson) {
    if (!fromReadme.includes(title))
      problems.push(`${slug}: kata.json stage "${title}" has no README section "## ${title}"`);
  }
  const hints = readFileSync(join(dir, 'HINTS.md'), 'utf8');
  for (const stage of kata.stages) {
    if (!new RegExp(`^## ${stage.id}\\. `, 'm').test(hints)) {
      problems.push(`${slug}: HINTS.md has no section "## ${stage.id}. …"`);
    }
  }
  return problems;
}
