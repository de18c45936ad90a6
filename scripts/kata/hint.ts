/**
 * `npm run kata -- hint <slug> [stage]`: the next hint of a stage, one at a time. HINTS.md has a
 * `## N. Title` section per stage; each top-level list item (or paragraph) of it is one hint.
 * How many were shown is remembered in the progress file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import {
  kataProgress,
  readProgress,
  updateProgress,
} from '../../packages/kata-kit/src/progress-file.ts';
import { availableKata, courseStatus, firstOpenStage } from './course-status.ts';

/** The hints of stage `id`: the top-level list items and paragraphs of its section. */
export function stageHints(markdown: string, id: number): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^## ${id}\\. `).test(l));
  if (start < 0) return [];
  const hints: string[][] = [];
  let fenced = false;
  for (const line of lines.slice(start + 1)) {
    if (!fenced && /^## /.test(line)) break;
    if (/^\s*```/.test(line)) fenced = !fenced;
    const opensItem = !fenced && /^(?:[-*]|\d+\.) /.test(line);
    const blank = !fenced && line.trim() === '';
    const current = hints.at(-1);
    if (blank) {
      if (current !== undefined && current.at(-1) !== '') current.push('');
    } else if (opensItem || current === undefined || (current.at(-1) === '' && !/^\s/.test(line))) {
      hints.push([line]);
    } else {
      current.push(line);
    }
  }
  return hints.map((h) => h.join('\n').trim()).filter((h) => h !== '');
}

export interface HintOptions {
  again?: boolean;
}

export function hintLines(
  root: string,
  slug: string,
  stageArg: string | undefined,
  options: HintOptions = {},
): string[] {
  availableKata(root, slug);
  const status = courseStatus(root).find((k) => k.entry.slug === slug);
  const stage =
    stageArg === undefined
      ? (status === undefined ? undefined : firstOpenStage(status))?.stage
      : status?.stages.find((s) => String(s.stage.id) === stageArg)?.stage;
  if (stage === undefined) {
    if (stageArg !== undefined) throw new Error(`${slug} has no stage ${stageArg}`);
    return [pc.green(`Every stage of ${slug} passed at its last run: no hint needed.`)];
  }
  const hints = stageHints(readFileSync(join(root, 'katas', slug, 'HINTS.md'), 'utf8'), stage.id);
  if (hints.length === 0) return [`HINTS.md of ${slug} has no hints for stage ${stage.id}.`];
  const key = String(stage.id);
  const shown = options.again ? 0 : (readProgress().katas[slug]?.hintsShown?.[key] ?? 0);
  if (shown >= hints.length) {
    return [
      `All ${hints.length} hints of ${slug} stage ${stage.id}. ${stage.title} were shown.`,
      pc.dim(`Read them again: npm run kata -- hint ${slug} ${stage.id} --again`),
    ];
  }
  updateProgress((p) => {
    const kata = kataProgress(p, slug);
    kata.hintsShown = { ...kata.hintsShown, [key]: shown + 1 };
  });
  const more =
    shown + 1 < hints.length
      ? pc.dim(`run it again for the next hint (${hints.length - shown - 1} left)`)
      : pc.dim('that was the last hint of this stage');
  return [
    pc.bold(`${slug} · stage ${stage.id}. ${stage.title} · hint ${shown + 1} of ${hints.length}`),
    '',
    hints[shown]!,
    '',
    more,
  ];
}
