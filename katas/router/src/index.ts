/**
 * Kata 12: router. Read README.md stage by stage; every method below throws until you write it.
 *
 * The types and the error class are the interface the specs test: keep their names and shapes.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';

/** A constraint on one parameter: a RegExp the whole decoded value must match, or a predicate. */
export type Constraint = RegExp | ((value: string) => boolean);

export interface RouterOptions {
  /** Compare static segments case-sensitively (default true). README §6. */
  caseSensitive?: boolean;
  /** `strict` (default), `ignore` or `redirect` (301 for GET/HEAD, 308 otherwise). README §6. */
  trailingSlash?: 'strict' | 'ignore' | 'redirect';
}

export interface AddOptions {
  /** A name for reverse routing with `url()`; unique per router. README §7. */
  name?: string;
  /** Constraints by parameter name; a value that fails makes the router try the next route. README §5. */
  constraints?: Record<string, Constraint>;
}

/** The route a request landed on, as it was added. */
export interface RouteInfo {
  /** The method the route was added for ("GET" when a HEAD request fell back to it). */
  method: string;
  pattern: string;
  name: string | undefined;
}

/**
 * What `match` answers. Every result carries `steps`, the work the lookup did (README §9):
 * one per child node tried, one per constraint call, one per character scanned inside a segment.
 */
export type MatchResult<T> =
  | { status: 200; handler: T; params: Record<string, string>; route: RouteInfo; steps: number }
  | { status: 204; allow: string[]; steps: number }
  | { status: 301 | 308; location: string; steps: number }
  | { status: 400; steps: number }
  | { status: 404; steps: number }
  | { status: 405; allow: string[]; steps: number };

export type RouterErrorCode =
  | 'ERR_ROUTER_INVALID_PATTERN'
  | 'ERR_ROUTER_INVALID_METHOD'
  | 'ERR_ROUTER_CONFLICT'
  | 'ERR_ROUTER_UNKNOWN_ROUTE'
  | 'ERR_ROUTER_MISSING_PARAM'
  | 'ERR_ROUTER_INVALID_PARAM';

/** The one error class of the router; specs test its `code`, never its message. */
export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly code: RouterErrorCode;

  constructor(code: RouterErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// TODO: README §1–§9
export class Router<T = unknown> {
  constructor(options: RouterOptions = {}) {
    void options;
  }

  /** README §1 (static), §3 (`:param`), §4 (`*rest`), §5 (constraints, conflicts), §7 (name). */
  add(method: string | string[], pattern: string, _handler: T, _options: AddOptions = {}): this {
    return notImplemented(`router.add(${JSON.stringify(method)}, ${JSON.stringify(pattern)})`, 1);
  }

  /** README §1–§6 and §9. `target` is an origin-form request target: a path, maybe a query. */
  match(method: string, target: string): MatchResult<T> {
    return notImplemented(`router.match(${JSON.stringify(method)}, ${JSON.stringify(target)})`, 1);
  }

  /** README §7: the path of the route named `name`, with `params` percent-encoded. */
  url(name: string, _params: Record<string, string> = {}): string {
    return notImplemented(`router.url(${JSON.stringify(name)})`, 7);
  }
}
