/**
 * The two READMEs of the template: the participant's (README.md, with the source README's kata
 * table, which the self-check compares with katas.json) and the instructor's guide (INSTRUCTOR.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const TABLE = '<!-- the kata table -->';

/** The "## The katas, in course order" section of the source README, heading included. */
export function kataTable(sourceReadme: string): string {
  const start = sourceReadme.indexOf('## The katas, in course order');
  if (start < 0) throw new Error('README.md has no "## The katas, in course order" section');
  const next = sourceReadme.indexOf('\n## ', start + 3);
  return sourceReadme.slice(start, next < 0 ? undefined : next + 1).trimEnd();
}

export function participantReadme(sourceReadme: string): string {
  const text = readFileSync(join(here, 'participant-readme.md'), 'utf8');
  return text.replace(TABLE, kataTable(sourceReadme));
}

export function instructorGuide(): string {
  return readFileSync(join(here, 'instructor-guide.md'), 'utf8');
}
