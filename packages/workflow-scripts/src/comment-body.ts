/**
 * The sticky pull-request comment, rendered here from validated facts — never the Markdown an
 * artifact carries, which the pull request's own code could have written. Every string from the
 * results file is escaped (no HTML, links, images or @mentions can get through).
 */
import type { ResultFacts } from '@hbu/leaderboard';
import { escapeMarkdown } from '@hbu/leaderboard';

/** Marks our comment, so a later run updates it instead of adding another. */
export const MARKER = '<!-- hbu-autograde:score -->';

const pts = (n: number): string => String(Math.round(n * 100) / 100);

function bar(score: number, max: number): string {
  const filled = max > 0 ? Math.round((score / max) * 10) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

export interface CommentContext {
  sha: string;
  runUrl: string | null;
  pull: number;
}

export function renderComment(facts: ResultFacts, ctx: CommentContext): string {
  const max = facts.katas.reduce((s, k) => s + k.maxScore, 0);
  const stages = facts.katas.reduce((s, k) => s + k.stages.length, 0);
  const done = facts.katas.reduce((s, k) => s + k.stagesCompleted, 0);
  const rows = facts.katas.map((k) => {
    const status = k.status === 'graded' ? '' : ` (${escapeMarkdown(k.status)})`;
    return `| ${escapeMarkdown(k.title)}${status} | \`${bar(k.score, k.maxScore)}\` | ${pts(k.score)} / ${pts(k.maxScore)} | ${k.stagesCompleted} / ${k.stages.length} |`;
  });
  const details = facts.katas
    .filter((k) => k.stages.length > 0)
    .map((k) => {
      const lines = k.stages.map(
        (s) =>
          `- ${s.passed === s.total && s.total > 0 ? '✅' : s.passed > 0 ? '🟡' : '⬜'} ${s.id}. ${escapeMarkdown(s.title)} — ${s.passed}/${s.total} tests, ${pts(s.score)} / ${pts(s.maxScore)} points`,
      );
      return `**${escapeMarkdown(k.title)}**\n\n${lines.join('\n')}`;
    });
  const run =
    ctx.runUrl && /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+$/.test(ctx.runUrl)
      ? ` · [run](${ctx.runUrl})`
      : '';
  return [
    MARKER,
    `## Autograde: ${pts(facts.score)} / ${pts(max)} points`,
    '',
    `${escapeMarkdown(facts.participant)} · ${done} of ${stages} stages complete · commit \`${ctx.sha.slice(0, 7)}\`${run}`,
    '',
    '| Kata | Progress | Points | Stages |',
    '| :-- | :-- | --: | --: |',
    ...rows,
    '',
    '<details><summary>Stages</summary>',
    '',
    ...details.flatMap((d) => [d, '']),
    '</details>',
    '',
    '<sub>Graded on every push. This comment is updated in place; the leaderboard re-grades the head of this pull request with the base branch’s own workflow.</sub>',
    '',
  ].join('\n');
}
