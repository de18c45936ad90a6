/** Making text from participant code safe for a terminal and for Markdown. */

const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * GitHub Actions reads a log line that starts with `::` (or the older `##[`) as a workflow
 * command (`::error::`, `::add-mask::`, `::stop-commands::`). A zero-width space inside every
 * `::` and `##[` keeps such text inert wherever a newline puts it, and reads the same.
 */
const WORKFLOW_COMMAND = /::|##\[/g;
export function noWorkflowCommands(text: string): string {
  return text.replace(WORKFLOW_COMMAND, (m) => `${m[0]}\u200b${m.slice(1)}`);
}

/**
 * No escape sequences, no control or bidi-override characters, no workflow commands: text cannot
 * move the cursor, recolour, or talk to the CI runner.
 */
export function forTerminal(text: string): string {
  return noWorkflowCommands(text.replace(ESCAPES, '').replace(CONTROLS, ''));
}

/**
 * Inline Markdown: every ASCII punctuation character becomes a numeric entity, so nothing is
 * markup, no `@mention`, `#123` reference, autolink, HTML tag or table pipe survives; newlines
 * become spaces. Renders as the same characters.
 */
export function mdInline(text: string, max = 300): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return forTerminal(clipped.replace(/\s*\n\s*/g, ' ')).replace(
    /[!-/:-@[-`{-~]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}

/** A fenced code block that the content cannot close: the fence is longer than any backtick run in it. */
export function mdCode(text: string, max = 1500): string {
  const clipped = forTerminal(text.length > max ? `${text.slice(0, max)}\n…` : text);
  const longest = Math.max(0, ...(clipped.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${clipped}\n${fence}`;
}

/** `██████░░░░` for a fraction in [0, 1]. */
export function bar(fraction: number, width = 20): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.round(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/** 62.5, 33.33, 100: at most two decimals, no trailing zeros. */
export const points = (x: number): string => String(Math.round(x * 100) / 100);
