/**
 * What a participant who copied the reference would do to hide it, done mechanically so the
 * measurement covers every kata: every name the files declare is renamed (consistently, across
 * files), top-level declarations and class members are put in another order, comments are
 * dropped, the files are merged into one and printed by the TypeScript printer (4-space indent,
 * its own line breaks), then re-indented with tabs.
 */
import ts from 'typescript';
import type { SourceFile } from '../src/sources.ts';

/** Names declared anywhere in the files (functions, classes, variables, parameters, members…). */
function declaredNames(files: ts.SourceFile[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    if (
      name !== undefined &&
      ts.isIdentifier(name) &&
      (ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isBindingElement(node))
    ) {
      names.add(name.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const f of files) visit(f);
  return names;
}

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'fox', 'golf', 'hotel', 'kilo', 'lima', 'mike'];

/** `0 → alphaBravo`, `1 → alphaDelta`…: plausible names, none of the originals. */
function nameFor(i: number): string {
  const a = WORDS[i % WORDS.length]!;
  const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length]!;
  return `${a}${b[0]!.toUpperCase()}${b.slice(1)}${i >= 100 ? Math.floor(i / 100) : ''}`;
}

/** Reverses a list in blocks of two (a, b, c, d → c, d, a, b reversed pairwise): a reordering. */
function reorder<T>(items: readonly T[]): T[] {
  const out = [...items].reverse();
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  return out;
}

export function disguise(files: SourceFile[]): SourceFile[] {
  const parsed = files.map((f) =>
    ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  );
  const renames = new Map<string, string>();
  for (const [i, n] of [...declaredNames(parsed)].sort().entries()) renames.set(n, nameFor(i));

  const transformer: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isIdentifier(node)) {
        const to = renames.get(node.text);
        return to === undefined ? node : context.factory.createIdentifier(to);
      }
      if (ts.isClassDeclaration(node)) {
        const members = reorder(node.members.map((m) => ts.visitNode(m, visit) as ts.ClassElement));
        return context.factory.updateClassDeclaration(
          node,
          node.modifiers,
          node.name && (ts.visitNode(node.name, visit) as ts.Identifier),
          node.typeParameters,
          node.heritageClauses,
          members,
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => {
      const visited = ts.visitEachChild(file, visit, context);
      // Imports stay on top; everything else is reordered.
      const imports = visited.statements.filter((s) => ts.isImportDeclaration(s));
      const rest = visited.statements.filter((s) => !ts.isImportDeclaration(s));
      return context.factory.updateSourceFile(visited, [...imports, ...reorder(rest)]);
    };
  };
  const result = ts.transform(parsed, [transformer]);
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const merged = reorder(result.transformed)
    .map((f) => printer.printFile(f))
    .join('\n')
    .replace(/^( {4})+/gm, (spaces) => '\t'.repeat(spaces.length / 4));
  result.dispose();
  return [{ path: 'index.ts', text: merged }];
}
