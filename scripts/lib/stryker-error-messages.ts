/**
 * A Stryker ignorer (`ignorers: ['error-messages']` in the config `scripts/mutation.ts` writes):
 * the mutation policy "messages are for people; specs test codes", in one place instead of a
 * `// Stryker disable next-line StringLiteral` above every `throw`.
 *
 * It ignores a string or template literal that is an argument of `new SomethingError(…)` —
 * the message of an error — unless the literal is an error code (`'ERR_…'`), which specs do
 * assert and whose mutants must be killed. Nothing else is ignored: a literal in a header, a
 * status line or a regular expression is behaviour, and its mutants count.
 *
 * Loaded by Stryker through tsx (`NODE_OPTIONS=--import tsx`, set by scripts/mutation.ts).
 */

/** The part of Babel's NodePath this ignorer reads. */
interface Path {
  node: { type: string; value?: unknown; callee?: { type: string; name?: string } };
  parentPath: Path | null;
  isStringLiteral(): boolean;
  isTemplateLiteral(): boolean;
}

const CODE = /^ERR_[A-Z0-9_]+$/;

export const errorMessages = {
  shouldIgnore(path: Path): string | undefined {
    if (!path.isStringLiteral() && !path.isTemplateLiteral()) return undefined;
    const parent = path.parentPath?.node;
    if (parent?.type !== 'NewExpression') return undefined;
    const callee = parent.callee;
    if (callee?.type !== 'Identifier' || !callee.name?.endsWith('Error')) return undefined;
    if (typeof path.node.value === 'string' && CODE.test(path.node.value)) return undefined;
    return 'an error message: messages are for people; specs test codes (scripts/lib/stryker-error-messages.ts)';
  },
};

/** What Stryker's plugin loader reads: `declareValuePlugin(PluginKind.Ignore, …)`, spelled out. */
export const strykerPlugins = [{ kind: 'Ignore', name: 'error-messages', value: errorMessages }];
