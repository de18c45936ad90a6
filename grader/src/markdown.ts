/**
 * `--markdown`: the board for a pull-request comment or a job summary. Everything that can come
 * from participant code (messages, flagged test names, the participant's name) is escaped with
 * mdInline (entities for all punctuation) or put in a code fence it cannot close.
 */
import type { Results } from './results.ts';
import { bar, mdCode, mdInline, points } from './text.ts';

/** Slugs come from katas.json (kebab-case); anything else is escaped. */
const slug = (s: string): string => (/^[a-z0-9-]+$/.test(s) ? s : mdInline(s));

export function renderMarkdown(results: Results): string {
  const out: string[] = [];
  const pct = results.max_score === 0 ? 0 : (results.score / results.max_score) * 100;
  out.push(`## HTTP Bottom Up: ${points(results.score)} / ${results.max_score} (${points(pct)} %)`);
  out.push('');
  out.push(
    `Participant ${mdInline(results.participant, 80)} · ${results.impl} · seed ${results.seed} · Node ${results.node} · grader ${results.grader.version} · ${results.sandbox ? 'sandboxed' : '**not sandboxed**'}${results.git.commit ? ` · commit ${results.git.commit.slice(0, 12)}${results.git.dirty ? ' (dirty)' : ''}` : ''}`,
  );
  out.push('');
  out.push('| # | Kata | Score | Progress | Stages completed | Status |');
  out.push('|--:|------|------:|----------|-----------------:|--------|');
  for (const k of results.katas) {
    const done = k.stages.filter((s) => s.total > 0 && s.passed === s.total).length;
    out.push(
      `| ${k.order} | ${slug(k.slug)} | ${points(k.score)} / ${k.max_score} | \`${bar(k.max_score === 0 ? 0 : k.score / k.max_score, 10)}\` | ${done} / ${k.stages.length} | ${k.status} |`,
    );
  }
  out.push('');
  for (const k of results.katas) {
    const failing = results.tests.filter((t) => t.kata === k.slug && t.status !== 'pass');
    if (failing.length === 0 && k.message === null) continue;
    out.push('<details>');
    out.push(
      `<summary>${slug(k.slug)}: ${failing.length} test${failing.length === 1 ? '' : 's'} not passing</summary>`,
    );
    out.push('');
    if (k.message !== null) {
      out.push(mdCode(k.message));
      out.push('');
    }
    for (const s of k.stages) {
      out.push(
        `- **${s.id}&#46; ${mdInline(s.title)}**: ${points(s.score)} / ${s.max_score} · ${s.passed} / ${s.total} tests`,
      );
    }
    out.push('');
    for (const t of failing.slice(0, 30)) {
      out.push(`**${mdInline(t.status)}** ${mdInline(t.name)}`);
      out.push('');
      if (t.message) {
        out.push(mdCode(t.message, 800));
        out.push('');
      }
    }
    if (failing.length > 30) out.push(`… and ${failing.length - 30} more.\n`);
    out.push('</details>');
    out.push('');
  }
  if (results.ignored_changes.length > 0) {
    out.push('<details>');
    out.push(
      `<summary>${results.ignored_changes.length} ignored change${results.ignored_changes.length === 1 ? '' : 's'} (only katas/&lt;slug&gt;/src/ is graded)</summary>`,
    );
    out.push('');
    out.push(mdCode(results.ignored_changes.slice(0, 100).join('\n')));
    out.push('</details>');
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
