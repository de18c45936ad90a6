/** `npm run kata -- list`: the course in order, with prerequisites, status and progress. */
import pc from 'picocolors';
import { bar } from '../../packages/kata-kit/src/stage-board.ts';
import { courseStatus } from './course-status.ts';

export function listLines(root: string): string[] {
  const course = courseStatus(root);
  const slugWidth = Math.max(...course.map((k) => k.entry.slug.length));
  const lines: string[] = [];
  for (const kata of course) {
    const { entry, stages, done } = kata;
    const order = String(entry.order).padStart(2);
    const pre =
      entry.prerequisites.length === 0 ? '' : pc.dim(` needs ${entry.prerequisites.join(', ')}`);
    if (entry.status !== 'available') {
      lines.push(
        `${order}. ${pc.dim(entry.slug.padEnd(slugWidth))}  ${pc.dim(`(${entry.status})`.padEnd(24))} ${pc.dim(entry.title)}${pre}`,
      );
      continue;
    }
    const started = stages.some((s) => s.last !== undefined);
    const state = !started ? pc.dim('not started') : `${done}/${stages.length} stages`;
    const mark = stages.length > 0 && done === stages.length ? pc.green('✓') : ' ';
    lines.push(
      `${order}. ${entry.slug.padEnd(slugWidth)} ${mark}${bar(done, stages.length, 10)} ${state.padEnd(12)} ${entry.title}${pre}`,
    );
  }
  lines.push('', pc.dim('progress is the last run of each stage (npm test in a kata records it)'));
  return lines;
}
