/**
 * The stub/reference contract, checked by types: every export of `katas/<slug>/src/index.ts`
 * must exist in `reference/<slug>/src/index.ts` with the same type. Names alone are not enough:
 * a stub whose error-code union says `ERR_URI_BAD_PORT` where the reference says
 * `ERR_URI_INVALID_PORT` compiles against its own specs and teaches participants the wrong code.
 *
 * How: one TypeScript program over every stub and reference; for each export the compiler's
 * checker writes out its type, member by member, and the two texts must be equal:
 *
 * - a function or constant: its type (`(input: string) => UriComponents`);
 * - an interface or type alias: its members, or the union/alias it stands for
 *   (`"ERR_URI_INVALID_PORT" | "ERR_URI_INVALID_HOST" | …`);
 * - a class: its public instance members, its static members and its constructor signatures.
 *   Private members (`#x`, `private x`) are the implementation's business and are skipped.
 *
 * Types are written by name where they are named (`headers: Headers`), and each exported name
 * is compared on its own, so a difference shows up exactly where it is. (A type-level `Equal<A,
 * B>` cannot do this: two classes with private members are never identical across two files.)
 */
import { join } from 'node:path';
import ts from 'typescript';

export interface ContractResult {
  /** Number of exports compared. */
  checked: number;
  /** One line per missing export or differing member. */
  problems: string[];
}

/** Checks every kata in `slugs`: its stub against its reference. */
export function checkContract(root: string, slugs: string[]): ContractResult {
  const pairs = slugs.map((slug) => ({
    slug,
    stub: join(root, 'katas', slug, 'src', 'index.ts'),
    ref: join(root, 'reference', slug, 'src', 'index.ts'),
  }));
  const program = ts.createProgram(
    pairs.flatMap((p) => [p.stub, p.ref]),
    compilerOptions(root),
  );
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  let checked = 0;
  for (const p of pairs) {
    const stub = exportsOf(program, checker, p.stub);
    const ref = exportsOf(program, checker, p.ref);
    if (stub === undefined || ref === undefined) {
      problems.push(`${p.slug}: cannot read ${stub === undefined ? p.stub : p.ref}`);
      continue;
    }
    for (const [name, symbol] of stub) {
      const other = ref.get(name);
      if (other === undefined) {
        problems.push(`${p.slug}: the reference does not export ${name}`);
        continue;
      }
      checked++;
      const a = describeExport(symbol, checker);
      const b = describeExport(other, checker);
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        if (a.get(key) === b.get(key)) continue;
        problems.push(
          `${p.slug}: ${name}${key === '' ? '' : ` ${key}`}: stub ${a.get(key) ?? '(absent)'} ≠ reference ${b.get(key) ?? '(absent)'}`,
        );
      }
    }
  }
  return { checked, problems };
}

const FLAGS =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType |
  ts.TypeFormatFlags.WriteArrowStyleSignature;

/** Aspect → text: '' for a value or alias, 'member x' / 'static x' / 'constructor' otherwise. */
function describeExport(exported: ts.Symbol, checker: ts.TypeChecker): Map<string, string> {
  const symbol =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const out = new Map<string, string>();
  if (symbol.flags & ts.SymbolFlags.Class) {
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    describeMembers(instance, checker, 'member', out);
    const statics = checker.getTypeOfSymbol(symbol);
    describeMembers(statics, checker, 'static', out, ['prototype']);
    const constructors = statics
      .getConstructSignatures()
      .map((s) => `(${parametersText(s, checker)})`)
      .join(' & ');
    out.set('constructor', constructors);
    return out;
  }
  if (symbol.flags & ts.SymbolFlags.Value) {
    out.set('', typeText(checker.getTypeOfSymbol(symbol), checker));
  }
  if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const params = checker.getDeclaredTypeOfSymbol(symbol).aliasTypeArguments ?? [];
    out.set(
      'type parameters',
      `<${params.map((p) => checker.typeToString(p, undefined, FLAGS)).join(', ')}>`,
    );
    if (symbol.flags & ts.SymbolFlags.Interface || isPlainObject(type)) {
      describeMembers(type, checker, 'member', out);
      for (const s of type.getCallSignatures()) out.set('call', signatureText(s, checker));
      for (const info of checker.getIndexInfosOfType(type)) {
        out.set(
          `index [${checker.typeToString(info.keyType)}]`,
          checker.typeToString(info.type, undefined, FLAGS),
        );
      }
    } else {
      out.set('', checker.typeToString(type, undefined, FLAGS | ts.TypeFormatFlags.InTypeAlias));
    }
  }
  return out;
}

function describeMembers(
  type: ts.Type,
  checker: ts.TypeChecker,
  kind: string,
  out: Map<string, string>,
  skip: string[] = [],
): void {
  for (const member of checker.getPropertiesOfType(type)) {
    const name = member.getName();
    if (skip.includes(name) || isPrivate(member)) continue;
    const declaration = member.valueDeclaration ?? member.declarations?.[0];
    const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
    const modifiers = declaration === undefined ? 0 : ts.getCombinedModifierFlags(declaration);
    const readonly = modifiers & ts.ModifierFlags.Readonly ? 'readonly ' : '';
    const memberType = checker.getTypeOfSymbol(member);
    out.set(`${kind} ${name}`, `${readonly}${name}${optional}: ${typeText(memberType, checker)}`);
  }
}

/** Private, protected, or documented `@internal`: not part of what participants implement. */
function isPrivate(member: ts.Symbol): boolean {
  if (member.getName().startsWith('#') || member.getName().startsWith('__#')) return true;
  const declaration = member.valueDeclaration ?? member.declarations?.[0];
  if (declaration === undefined) return false;
  if (ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal')) return true;
  if (ts.isPrivateIdentifier((declaration as ts.NamedDeclaration).name ?? declaration)) return true;
  const flags = ts.getCombinedModifierFlags(declaration);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

function isPlainObject(type: ts.Type): boolean {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    !type.isUnion() &&
    type.getCallSignatures().length === 0
  );
}

/** A type; a function type is written without parameter names, which are no part of it. */
function typeText(type: ts.Type, checker: ts.TypeChecker): string {
  const calls = type.getCallSignatures();
  if (calls.length > 0 && checker.getPropertiesOfType(type).length === 0) {
    return calls.map((s) => signatureText(s, checker)).join(' & ');
  }
  return checker.typeToString(type, undefined, FLAGS);
}

/** `<T>(string, number?, ...boolean[]) => R`: types only. */
function signatureText(signature: ts.Signature, checker: ts.TypeChecker): string {
  const generics = signature.typeParameters ?? [];
  const head =
    generics.length === 0
      ? ''
      : `<${generics.map((t) => checker.typeToString(t, undefined, FLAGS)).join(', ')}>`;
  const result = checker.typeToString(signature.getReturnType(), undefined, FLAGS);
  return `${head}(${parametersText(signature, checker)}) => ${result}`;
}

function parametersText(signature: ts.Signature, checker: ts.TypeChecker): string {
  return signature.parameters
    .map((p) => {
      const declaration = p.valueDeclaration as ts.ParameterDeclaration | undefined;
      const optional =
        declaration !== undefined && checker.isOptionalParameter(declaration) ? '?' : '';
      const rest = declaration?.dotDotDotToken === undefined ? '' : '...';
      let text = checker.typeToString(checker.getTypeOfSymbol(p), undefined, FLAGS);
      // `x?: T` reads as `T | undefined`, `x: T = d` as `T`: the same parameter to a caller.
      if (optional === '?' && text.endsWith(' | undefined')) text = text.slice(0, -12);
      return `${rest}${text}${optional}`;
    })
    .join(', ');
}

function exportsOf(
  program: ts.Program,
  checker: ts.TypeChecker,
  file: string,
): Map<string, ts.Symbol> | undefined {
  const source = program.getSourceFile(file);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) return undefined;
  return new Map(checker.getExportsOfModule(module).map((s) => [s.getName(), s]));
}

function compilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(path, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}
