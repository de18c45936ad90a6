/** A constraint on one parameter: a RegExp the whole decoded value must match, or a predicate. */
export type Constraint = RegExp | ((value: string) => boolean);

export interface RouterOptions {
  /** Compare static segments case-sensitively (default true, like RFC 3986 §6.2.2.1 paths). */
  caseSensitive?: boolean;
  /** `strict` (default): "/a" and "/a/" differ. `ignore`: either finds the other. `redirect`: 301/308 to the registered form. */
  trailingSlash?: 'strict' | 'ignore' | 'redirect';
}

export interface AddOptions {
  /** A name for reverse routing with `url()`; unique per router. */
  name?: string;
  /** Constraints by parameter name; a value that fails makes the router try the next route. */
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
 * Every result carries `steps`: the work the lookup did (README §9), counted as one per child
 * node tried, one per constraint call and one per character scanned inside a segment.
 */
export type MatchResult<T> =
  | { status: 200; handler: T; params: Record<string, string>; route: RouteInfo; steps: number }
  | { status: 204; allow: string[]; steps: number }
  | { status: 301 | 308; location: string; steps: number }
  | { status: 400; steps: number }
  | { status: 404; steps: number }
  | { status: 405; allow: string[]; steps: number };
