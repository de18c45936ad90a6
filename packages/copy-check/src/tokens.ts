/**
 * A TypeScript source as the copy check sees it: a stream of token kinds from the `typescript`
 * package's scanner, with what a disguise changes taken out. Identifiers become one kind, literals
 * (strings, numbers, templates, regular expressions) another, so renaming and re-wording change
 * nothing; comments and whitespace are trivia the scanner skips, so reformatting changes nothing;
 * `;` and `,` are dropped, since a formatter adds and removes them at will. Keywords, operators
 * and brackets stay: they are the shape of the code.
 */
import ts from 'typescript';

/** The kind every identifier becomes. */
export const IDENT = -1;
/** The kind every literal becomes. */
export const LITERAL = -2;

const DROPPED = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.SemicolonToken,
  ts.SyntaxKind.CommaToken,
  ts.SyntaxKind.ConflictMarkerTrivia,
  ts.SyntaxKind.NewLineTrivia,
  ts.SyntaxKind.WhitespaceTrivia,
  ts.SyntaxKind.SingleLineCommentTrivia,
  ts.SyntaxKind.MultiLineCommentTrivia,
  ts.SyntaxKind.ShebangTrivia,
]);

const LITERALS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

/** After these a `/` divides; after anything else it starts a regular expression. */
const ENDS_OPERAND = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ...LITERALS,
]);

/** One normalised token and the line it came from (1-based), to show a match. */
export interface Token {
  kind: number;
  line: number;
}

/** The normalised token stream of one source text. */
export function tokenize(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: Token[] = [];
  // Open `{` and `${` of template literals, so the `}` that closes a substitution is rescanned
  // as the rest of the template rather than as a brace.
  const braces: Array<'brace' | 'template'> = [];
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  let line = 1;
  let counted = 0;
  for (;;) {
    let kind = scanner.scan();
    if (kind === ts.SyntaxKind.EndOfFileToken) break;
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push('brace');
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push('template');
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (braces.at(-1) === 'template') {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) braces.pop();
      } else braces.pop();
    } else if (
      (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) &&
      !ENDS_OPERAND.has(previous)
    ) {
      kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.GreaterThanToken) {
      // `>>`, `>=`… are scanned as `>` first (for generics); rescan so they count as one operator.
      kind = scanner.reScanGreaterToken();
    }
    previous = kind;
    if (DROPPED.has(kind)) continue;
    const start = scanner.getTokenStart();
    for (; counted < start; counted++) if (text.charCodeAt(counted) === 10) line++;
    out.push({ kind: normalise(kind), line });
  }
  return out;
}

function normalise(kind: ts.SyntaxKind): number {
  if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) return IDENT;
  if (LITERALS.has(kind)) return LITERAL;
  // `let`, `const` and `var` are interchangeable for a copier.
  if (kind === ts.SyntaxKind.LetKeyword || kind === ts.SyntaxKind.VarKeyword) {
    return ts.SyntaxKind.ConstKeyword;
  }
  return kind;
}
