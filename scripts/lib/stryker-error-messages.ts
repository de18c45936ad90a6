/**
 * A Stryker ignorer (`ignorers: ['error-messages']` in the config `scripts/mutation.ts` writes):
 * the mutation policy "messages are for people; specs test codes", in one place instead of a
 * `// Stryker disable next-line StringLiteral` above every `throw`.
 *
 * It ignores a string or template literal (with what it interpolates) that is the message of an
 * error, in one of two places:
 *
 * 1. an argument of `new SomethingError(…)`;
 * 2. an argument of a call to an *error builder*: a function of the same file whose whole body
 *    is `return new SomethingError(…)` (or an arrow `(…) => new SomethingError(…)`), where the
 *    literal lands on a parameter that the builder only passes on, as a whole argument, to that
 *    `new SomethingError(…)`. Such a call is `new SomethingError(…)` written once for a family of
 *    errors (`invalidHeader(why)` for `new SmtpError('ERR_SMTP_INVALID_HEADER', why)`), so its
 *    message is the same message as in (1). A builder that does anything else with the
 *    parameter (tests it, slices it, puts it in a template, returns something else) is not one,
 *    and the literals passed to it count.
 *
 * In both places a literal that is an error code (`'ERR_…'`) is not ignored: specs assert
 * codes, and their mutants must be killed. Nothing else is ignored: a literal in a header, a
 * status line or a regular expression is behaviour, and its mutants count.
 *
 * Loaded by Stryker through tsx (`NODE_OPTIONS=--import tsx`, set by scripts/mutation.ts).
 */

/** The parts of a Babel AST node this ignorer reads. */
interface Node {
  type: string;
  value?: unknown;
  name?: string;
  callee?: Node;
  arguments?: Node[];
  params?: Node[];
  body?: Node | Node[];
  argument?: Node | null;
  init?: Node | null;
}

/** The parts of Babel's Scope and Binding this ignorer reads. */
interface Binding {
  path: Path;
  constant: boolean;
  referencePaths: Path[];
}
interface Scope {
  getBinding(name: string): Binding | undefined;
}

/** The part of Babel's NodePath this ignorer reads. */
interface Path {
  node: Node;
  parentPath: Path | null;
  scope?: Scope;
  get?(key: string): Path | Path[];
  isStringLiteral(): boolean;
  isTemplateLiteral(): boolean;
}

const CODE = /^ERR_[A-Z0-9_]+$/;
const REASON =
  'an error message: messages are for people; specs test codes (scripts/lib/stryker-error-messages.ts)';

/** `new SomethingError(…)`. */
function isNewError(node: Node | null | undefined): boolean {
  return (
    node?.type === 'NewExpression' &&
    node.callee?.type === 'Identifier' &&
    node.callee.name?.endsWith('Error') === true
  );
}

/** The `new SomethingError(…)` a builder's body consists of, or undefined. */
function builtError(fn: Node): Node | undefined {
  const body = fn.body;
  if (body === undefined || Array.isArray(body)) return undefined;
  if (isNewError(body)) return body; // an arrow with an expression body
  if (body.type !== 'BlockStatement' || !Array.isArray(body.body) || body.body.length !== 1) {
    return undefined;
  }
  const only = body.body[0];
  return only?.type === 'ReturnStatement' && isNewError(only.argument)
    ? (only.argument ?? undefined)
    : undefined;
}

/**
 * True when `call` calls an error builder of its own file and its argument `index` lands on a
 * parameter used only as a whole argument of the `new SomethingError(…)` the builder returns.
 */
function isMessageOfBuilder(call: Path, index: number): boolean {
  const callee = call.node.callee;
  if (callee?.type !== 'Identifier' || callee.name === undefined) return false;
  const binding = call.scope?.getBinding(callee.name);
  if (binding === undefined || !binding.constant) return false;
  let fnPath: Path | undefined;
  if (binding.path.node.type === 'FunctionDeclaration') fnPath = binding.path;
  else if (binding.path.node.type === 'VariableDeclarator') {
    const init = binding.path.get?.('init');
    const type = init !== undefined && !Array.isArray(init) ? init.node?.type : undefined;
    if (type === 'ArrowFunctionExpression' || type === 'FunctionExpression') {
      fnPath = init as Path;
    }
  }
  if (fnPath === undefined) return false;
  const created = builtError(fnPath.node);
  const param = fnPath.node.params?.[index];
  if (created === undefined || param?.type !== 'Identifier' || param.name === undefined) {
    return false;
  }
  const uses = fnPath.scope?.getBinding(param.name);
  if (uses === undefined || uses.path.node !== param || uses.referencePaths.length === 0) {
    return false;
  }
  return uses.referencePaths.every(
    (ref) => ref.parentPath?.node === created && created.arguments?.includes(ref.node) === true,
  );
}

export const errorMessages = {
  shouldIgnore(path: Path): string | undefined {
    if (!path.isStringLiteral() && !path.isTemplateLiteral()) return undefined;
    if (typeof path.node.value === 'string' && CODE.test(path.node.value)) return undefined;
    const parent = path.parentPath;
    if (parent === null) return undefined;
    if (isNewError(parent.node)) return REASON;
    if (parent.node.type !== 'CallExpression') return undefined;
    const index = parent.node.arguments?.indexOf(path.node) ?? -1;
    if (index === -1 || !isMessageOfBuilder(parent, index)) return undefined;
    return `${REASON}, through an error builder`;
  },
};

/** What Stryker's plugin loader reads: `declareValuePlugin(PluginKind.Ignore, …)`, spelled out. */
export const strykerPlugins = [{ kind: 'Ignore', name: 'error-messages', value: errorMessages }];
