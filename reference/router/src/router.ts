import { RouterError } from './errors.ts';
import { parsePattern, type Segment } from './pattern.ts';
import { type SearchState, search } from './search.ts';
import {
  allowOf,
  type Check,
  compareTemplates,
  compareWildcards,
  type Leaf,
  TemplateNode,
  TreeNode,
  WildcardNode,
} from './tree.ts';
import type { AddOptions, Constraint, MatchResult, RouterOptions } from './types.ts';
import { buildPath } from './url.ts';

/** RFC 9110 §9.1: `method = token`; §5.6.2: `tchar = "!" / "#" / … / DIGIT / ALPHA`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

let functionIds = 0;
const functionKeys = new WeakMap<object, string>();

/** A stable text for a constraint, so equal constraints land in the same node. */
function constraintKey(c: Constraint): string {
  if (c instanceof RegExp) return `/${c.source}/${c.flags}`;
  let key = functionKeys.get(c);
  if (key === undefined) {
    functionIds += 1;
    key = `fn#${functionIds}`;
    functionKeys.set(c, key);
  }
  return key;
}

/**
 * A RegExp constraint must match the whole value. A copy without the g and y flags: with them,
 * `test` carries `lastIndex` from one request into the next and answers differently each time.
 */
function compile(c: Constraint): Check {
  if (typeof c === 'function') return c;
  const re = new RegExp(`^(?:${c.source})$`, c.flags.replace(/[gy]/g, ''));
  return (value) => re.test(value);
}

/**
 * The params object: no prototype, so a parameter named "__proto__" or "constructor" is plain
 * data. Made by a constructor because `new` is faster than `Object.create(null)` per request.
 */
const Params = function Params() {} as unknown as new () => Record<string, string>;
Params.prototype = Object.create(null);

/** A fully static path: its leaf, and whether the tree could take the path anywhere else. */
interface StaticPath<T> {
  leaf: Leaf<T>;
  /**
   * Whether no node on the way to the path has a template or a wildcard: then the leaf is the
   * only one the path can reach, and a method it lacks is a 405 without a tree search. Found on
   * first use; every add forgets it, since a new template or wildcard can change it.
   */
  alone: boolean | undefined;
}

interface Named {
  segments: Segment[];
  checks: Map<string, Check>;
}

export class Router<T = unknown> {
  readonly #caseSensitive: boolean;
  readonly #trailingSlash: 'strict' | 'ignore' | 'redirect';
  readonly #root = new TreeNode<T>();
  /** Fully static routes by path: one Map lookup answers most requests of a REST API. */
  readonly #statics = new Map<string, StaticPath<T>>();
  readonly #names = new Map<string, Named>();
  readonly #methods = new Set<string>();

  constructor(options: RouterOptions = {}) {
    this.#caseSensitive = options.caseSensitive ?? true;
    this.#trailingSlash = options.trailingSlash ?? 'strict';
  }

  add(method: string | string[], pattern: string, handler: T, options: AddOptions = {}): this {
    const methods = typeof method === 'string' ? [method] : method;
    if (methods.length === 0 || !methods.every((m) => TOKEN.test(m))) {
      throw new RouterError('ERR_ROUTER_INVALID_METHOD', `invalid method ${String(method)}`);
    }
    const { segments, names } = parsePattern(pattern);
    const constraints = options.constraints ?? {};
    const checks = new Map<string, Check>();
    const keys = new Map<string, string>();
    for (const [name, c] of Object.entries(constraints)) {
      if (!names.includes(name)) {
        throw new RouterError('ERR_ROUTER_INVALID_PATTERN', `no parameter ${name} in ${pattern}`);
      }
      checks.set(name, compile(c));
      keys.set(name, constraintKey(c));
    }
    if (options.name !== undefined && this.#names.has(options.name)) {
      throw new RouterError('ERR_ROUTER_CONFLICT', `route name ${options.name} is taken`);
    }
    const leaf = this.#insert(segments, checks, keys);
    for (const m of methods) {
      if (leaf.byMethod.has(m) || methods.indexOf(m) !== methods.lastIndexOf(m)) {
        throw new RouterError('ERR_ROUTER_CONFLICT', `${m} ${pattern} duplicates a route`);
      }
    }
    for (const m of methods) {
      const info = { method: m, pattern, name: options.name };
      leaf.add({ method: m, pattern, name: options.name, handler, names, info });
      this.#methods.add(m);
    }
    if (segments.every((s) => s.kind === 'static')) {
      const path = this.#fold(`/${segments.map((s) => (s as { text: string }).text).join('/')}`);
      // A path holding "%" stays out: the map is probed with the target as it arrived (see match).
      if (!path.includes('%') && !this.#statics.has(path)) {
        this.#statics.set(path, { leaf, alone: undefined });
      }
    }
    if (options.name !== undefined) this.#names.set(options.name, { segments, checks });
    for (const entry of this.#statics.values()) entry.alone = undefined;
    return this;
  }

  #fold(text: string): string {
    return this.#caseSensitive ? text : text.toLowerCase();
  }

  /** Walks (creating as needed) the nodes of a pattern; returns its leaf's routes by method. */
  #insert(segments: Segment[], checks: Map<string, Check>, keys: Map<string, string>): Leaf<T> {
    let node = this.#root;
    for (const segment of segments) {
      if (segment.kind === 'static') {
        const key = this.#fold(segment.text);
        const child = node.statics.get(key) ?? new TreeNode<T>();
        node.statics.set(key, child);
        node.singleStatic = node.statics.size === 1 ? { key, node: child } : undefined;
        node = child;
      } else if (segment.kind === 'wildcard') {
        const key = keys.get(segment.name) ?? '';
        let wild = node.wildcards.find((w) => w.key === key);
        if (wild === undefined) {
          wild = new WildcardNode<T>(key, checks.get(segment.name));
          node.wildcards.push(wild);
          node.wildcards.sort(compareWildcards);
        }
        return wild.leaf;
      } else {
        // Names do not make a node: `/:id` and `/:name` are the same shape and would conflict.
        const key = segment.parts
          .map((p) => ('literal' in p ? p.literal : `:${keys.get(p.param) ?? ''}`))
          .join('');
        let child = node.templates.find((t) => t.key === key);
        if (child === undefined) {
          const params = segment.parts.flatMap((p) => ('param' in p ? [p.param] : []));
          child = new TemplateNode<T>(
            key,
            segment.parts,
            params.map((n) => checks.get(n)),
          );
          node.templates.push(child);
          node.templates.sort(compareTemplates);
        }
        node = child;
      }
    }
    return node.leaf;
  }

  match(method: string, target: string): MatchResult<T> {
    if (target === '*' && method === 'OPTIONS') {
      // RFC 9110 §9.3.7: "OPTIONS *" asks about the server as a whole.
      return { status: 204, allow: allowOf(this.#methods), steps: 1 };
    }
    // Most requests of a REST API name a fully static route and carry no query: the target
    // itself is then a key of the static map, and one lookup answers before anything else is
    // read. A hit proves the target is a plain path: no key holds "?" or "#" (patterns cannot)
    // or "%" (such paths stay out of the map).
    const direct = this.#staticAnswer(method, target);
    if (direct !== undefined) return direct;
    // RFC 9112 §3.2.1 origin-form: absolute-path [ "?" query ]. A "#" never belongs to a path.
    let cut = target.indexOf('?');
    const hash = target.indexOf('#');
    if (hash !== -1 && (cut === -1 || hash < cut)) cut = hash;
    const path = cut === -1 ? target : target.slice(0, cut);
    const percent = path.includes('%');
    if (cut !== -1 && !percent) {
      // The same lookup for the path without its query.
      const answer = this.#staticAnswer(method, path);
      if (answer !== undefined) return answer;
    }
    const first = this.#resolve(method, path, 0, percent);
    // The other spelling is tried only when the path as written finds nothing at all.
    if (first.status !== 404 || this.#trailingSlash === 'strict') return first;
    const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    const second = this.#resolve(method, other, first.steps, percent);
    if (second.status !== 200 || this.#trailingSlash === 'ignore') return second;
    // RFC 9110 §15.4.2 / §15.4.9: 301 may turn a POST into a GET; 308 keeps the method.
    const status = method === 'GET' || method === 'HEAD' ? 301 : 308;
    const query = cut === hash ? '' : target.slice(cut, hash === -1 ? undefined : hash);
    // A "\" is a "/" to browsers (WHATWG URL): "/\evil.example" would leave the site.
    return { status, location: other.replaceAll('\\', '%5C') + query, steps: second.steps };
  }

  /** The answer of the static map for `path` (no query), or undefined to search the tree. */
  #staticAnswer(method: string, path: string): MatchResult<T> | undefined {
    const folded = this.#fold(path);
    const entry = this.#statics.get(folded);
    if (entry === undefined) return undefined;
    const route = entry.leaf.pick(method);
    if (route !== undefined) {
      return {
        status: 200,
        handler: route.handler,
        params: new Params(),
        route: route.info,
        steps: 1,
      };
    }
    // A static path, a method it lacks, and no template or wildcard the path could take
    // instead: the tree search would visit this leaf alone and answer 405 with its Allow.
    // (The static map holds only leaves with routes, so the leaf has some, none for `method`.)
    if (entry.alone ?? this.#isAlone(entry, folded)) {
      return {
        status: method === 'OPTIONS' ? 204 : 405,
        allow: entry.leaf.allow.slice(),
        steps: 1,
      };
    }
    return undefined;
  }

  /** Whether no node on the way to the static path `folded` has a template or a wildcard. */
  #isAlone(entry: StaticPath<T>, folded: string): boolean {
    let alone = true;
    let node: TreeNode<T> | undefined = this.#root;
    for (const segment of folded.split('/').slice(1)) {
      if (node === undefined) break;
      if (node.templates.length > 0 || node.wildcards.length > 0) alone = false;
      node = node.statics.get(segment);
    }
    entry.alone = alone;
    return alone;
  }

  /** One lookup of the tree; `before` is the work already done for this request. */
  #resolve(method: string, path: string, before: number, percent: boolean): MatchResult<T> {
    const steps = before + 1;
    if (!path.startsWith('/')) return { status: 404, steps };
    // Stryker disable next-line ConditionalExpression: a path without "%" always decodes
    if (percent) {
      // A "/" cannot sit inside an escape or a UTF-8 sequence, so the path decodes exactly
      // when each of its segments does: one check here, and each segment decodes later.
      try {
        decodeURIComponent(path);
      } catch {
        return { status: 400, steps };
      }
    }
    const state: SearchState<T> = {
      path,
      percent,
      fold: !this.#caseSensitive,
      values: [],
      steps,
      method,
      missed: undefined,
    };
    // "/" has no segment at all; "/a/" has two, the second empty. When the root's own routes do
    // not answer "/", a wildcard under the root still may: `/*rest` takes "/" with rest = "",
    // as `/files/*path` takes "/files/".
    let route = search(this.#root, path === '/' ? 2 : 1, state);
    if (route === undefined && path === '/') route = search(this.#root, 1, state);
    if (route !== undefined) {
      const params = new Params();
      for (let k = 0; k < route.names.length; k++) params[route.names[k]!] = state.values[k]!;
      return { status: 200, handler: route.handler, params, route: route.info, steps: state.steps };
    }
    const missed = state.missed;
    if (missed === undefined) return { status: 404, steps: state.steps };
    const allow =
      missed.length === 1 ? missed[0]!.allow.slice() : allowOf(missed.flatMap(allowList));
    return { status: method === 'OPTIONS' ? 204 : 405, allow, steps: state.steps };
  }

  url(name: string, params: Record<string, string> = {}): string {
    const named = this.#names.get(name);
    if (named === undefined)
      throw new RouterError('ERR_ROUTER_UNKNOWN_ROUTE', `no route named ${name}`);
    return buildPath(named.segments, named.checks, params);
  }
}

function allowList(leaf: Leaf<unknown>): string[] {
  return leaf.allow;
}
