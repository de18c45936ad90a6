/** `npm run kata -- next`: the first unfinished stage of the course, what to read, what to run. */
import { relative } from 'node:path';
import pc from 'picocolors';
import { courseStatus, firstOpenStage } from './course-status.ts';

export function nextLines(root: string, cwd = process.cwd()): string[] {
  for (const kata of courseStatus(root)) {
    if (kata.entry.status !== 'available') continue;
    const open = firstOpenStage(kata);
    if (open === undefined) continue;
    const { slug } = kata.entry;
    const { id, title } = open.stage;
    const readme = relative(cwd, `${root}/katas/${slug}/README.md`) || 'README.md';
    const last =
      open.last === undefined
        ? 'not run yet'
        : `${open.last.passed}/${open.last.total} at its last run`;
    return [
      `${pc.bold(`${slug} — stage ${id}. ${title}`)} ${pc.dim(`(${last})`)}`,
      `  read  ${readme}, section "## ${id}. ${title}"`,
      `  run   ${pc.cyan(`npm run kata -- watch ${slug} --stage ${id}`)}   (or: npm run kata -- test ${slug} --stage ${id})`,
      `  stuck ${pc.cyan(`npm run kata -- hint ${slug} ${id}`)}`,
    ];
  }
  return [pc.green('Every stage of every available kata passed at its last run. Well done.')];
}
