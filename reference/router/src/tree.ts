import type { Part } from './pattern.ts';
import type { RouteInfo } from './types.ts';

/** A constraint, compiled: true when the decoded value is acceptable. */
export type Check = (value: string) => boolean;

/** One registered (method, pattern) pair: what a leaf of the tree hands back. */
export interface RouteRecord<T> {
  method: string;
  pattern: string;
  name: string | undefined;
  handler: T;
  /** Parameter names in capture order: the tree captures values, the route names them. */
  names: string[];
  /** What `match` reports as `route`, built once. */
  info: RouteInfo;
}

/**
 * RFC 9110 §10.2.1: Allow lists the methods a resource supports. HEAD comes with GET (§9.3.2)
 * and OPTIONS is always answered (§9.3.7). Sorted, so the header is the same on every run.
 */
export function allowOf(methods: Iterable<string>): string[] {
  const set = new Set(methods);
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS');
  return [...set].sort();
}

/** The routes that end at one node, by method, with their Allow list ready before any request. */
export class Leaf<T> {
  /** A Map, not an object: a method named "constructor" or "__proto__" is not special. */
  readonly byMethod = new Map<string, RouteRecord<T>>();
  allow: string[] = [];

  add(record: RouteRecord<T>): void {
    this.byMethod.set(record.method, record);
    this.allow = allowOf(this.byMethod.keys());
  }

  /** RFC 9110 §9.3.2: HEAD is answered like GET when no route handles HEAD itself. */
  pick(method: string): RouteRecord<T> | undefined {
    return this.byMethod.get(method) ?? (method === 'HEAD' ? this.byMethod.get('GET') : undefined);
  }
}

/**
 * A node of the segment tree. Children are kept in three groups so that the search can try
 * them in precedence order (static, then templates, then wildcards) without sorting per request.
 */
export class TreeNode<T> {
  readonly statics = new Map<string, TreeNode<T>>();
  /** The static child with its key when there is exactly one (the search compares it in place). */
  singleStatic: { key: string; node: TreeNode<T> } | undefined = undefined;
  readonly templates: TemplateNode<T>[] = [];
  readonly wildcards: WildcardNode<T>[] = [];
  readonly leaf = new Leaf<T>();
}

/** A segment with parameters (`:id`, `:from-:to`); `checks[i]` constrains the i-th parameter. */
export class TemplateNode<T> extends TreeNode<T> {
  constructor(
    readonly key: string,
    readonly parts: Part[],
    readonly checks: Array<Check | undefined>,
  ) {
    super();
  }

  /** Characters of literal text: more literal text is a more specific template. */
  get literalLength(): number {
    return this.parts.reduce((n, p) => n + ('literal' in p ? p.literal.length : 0), 0);
  }

  get constraintCount(): number {
    return this.checks.filter((c) => c !== undefined).length;
  }
}

export class WildcardNode<T> {
  readonly leaf = new Leaf<T>();
  constructor(
    readonly key: string,
    readonly check: Check | undefined,
  ) {}
}

/**
 * Template precedence, fixed by the templates themselves and never by the order they were
 * added: more literal text first, then more constraints, then the key as a tie-break. Keys are
 * unique among the children of a node (a key found is reused), so no two compared are equal.
 */
export function compareTemplates<T>(a: TemplateNode<T>, b: TemplateNode<T>): number {
  return (
    b.literalLength - a.literalLength ||
    b.constraintCount - a.constraintCount ||
    (a.key < b.key ? -1 : 1)
  );
}

export function compareWildcards<T>(a: WildcardNode<T>, b: WildcardNode<T>): number {
  return Number(b.check !== undefined) - Number(a.check !== undefined) || (a.key < b.key ? -1 : 1);
}
