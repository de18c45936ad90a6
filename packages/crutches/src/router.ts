/**
 * Crutch for kata 12 (router): the kata's exact interface over `find-my-way` (Fastify's radix-tree
 * router). find-my-way matches; this file adds what the kata asks of a router around it: 405 with
 * Allow, HEAD falling back to GET, OPTIONS, trailing-slash redirects, predicate constraints,
 * reverse routing. `steps` is not measured here (always 0). Forbidden in router.
 */
import findMyWay from 'find-my-way';

export type Constraint = RegExp | ((value: string) => boolean);

export interface RouterOptions {
  caseSensitive?: boolean;
  trailingSlash?: 'strict' | 'ignore' | 'redirect';
}

export interface AddOptions {
  name?: string;
  constraints?: Record<string, Constraint>;
}

export interface RouteInfo {
  method: string;
  pattern: string;
  name: string | undefined;
}

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

export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly code: RouterErrorCode;

  constructor(code: RouterErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface Route<T> {
  handler: T;
  info: RouteInfo;
  constraints: Record<string, Constraint>;
  /** find-my-way names the wildcard "*"; the kata names it (`*rest`). */
  wildcard: string | undefined;
}

const METHOD = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export class Router<T = unknown> {
  readonly #fmw: findMyWay.Instance<findMyWay.HTTPVersion.V1>;
  readonly #methods: Set<string> = new Set();
  readonly #named = new Map<string, string>();

  constructor(readonly options: RouterOptions = {}) {
    this.#fmw = findMyWay({
      caseSensitive: options.caseSensitive ?? true,
      ignoreTrailingSlash: options.trailingSlash === 'ignore',
    });
  }

  add(method: string | string[], pattern: string, handler: T, options: AddOptions = {}): this {
    const methods = Array.isArray(method) ? method : [method];
    if (!pattern.startsWith('/')) throw new RouterError('ERR_ROUTER_INVALID_PATTERN', pattern);
    const star = /\/\*([A-Za-z_][\w]*)?$/.exec(pattern);
    const path = star === null ? pattern : `${pattern.slice(0, star.index)}/*`;
    if (path.includes('*') && star === null)
      throw new RouterError('ERR_ROUTER_INVALID_PATTERN', pattern);
    if (options.name !== undefined && this.#named.has(options.name))
      throw new RouterError('ERR_ROUTER_CONFLICT', `name ${options.name} is taken`);
    for (const m of methods) {
      if (!METHOD.test(m)) throw new RouterError('ERR_ROUTER_INVALID_METHOD', m);
      const route: Route<T> = {
        handler,
        info: { method: m, pattern, name: options.name },
        constraints: options.constraints ?? {},
        wildcard: star === null ? undefined : (star[1] ?? '*'),
      };
      try {
        this.#fmw.on(m as findMyWay.HTTPMethod, path, () => undefined, route);
      } catch (error) {
        throw new RouterError(
          'ERR_ROUTER_CONFLICT',
          error instanceof Error ? error.message : String(error),
        );
      }
      this.#methods.add(m);
    }
    if (options.name !== undefined) this.#named.set(options.name, pattern);
    return this;
  }

  #find(
    method: string,
    path: string,
  ): { route: Route<T>; params: Record<string, string> } | undefined {
    const found = this.#fmw.find(method as findMyWay.HTTPMethod, path);
    if (found === null) return undefined;
    const route = found.store as Route<T>;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(found.params)) {
      params[k === '*' ? (route.wildcard ?? k) : k] = v ?? '';
    }
    for (const [name, test] of Object.entries(route.constraints)) {
      const value = params[name] ?? '';
      if (typeof test === 'function' ? !test(value) : !test.test(value)) return undefined;
    }
    return { route, params };
  }

  #allow(path: string): string[] {
    const allow = [...this.#methods].filter((m) => this.#find(m, path) !== undefined);
    if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
    if (allow.length > 0 && !allow.includes('OPTIONS')) allow.push('OPTIONS');
    return allow.sort();
  }

  match(method: string, target: string): MatchResult<T> {
    const path = target.split('?')[0] ?? '';
    try {
      decodeURIComponent(path);
    } catch {
      return { status: 400, steps: 0 };
    }
    const hit =
      this.#find(method, path) ?? (method === 'HEAD' ? this.#find('GET', path) : undefined);
    if (hit !== undefined) {
      return {
        status: 200,
        handler: hit.route.handler,
        params: hit.params,
        route: { ...hit.route.info },
        steps: 0,
      };
    }
    const allow = this.#allow(path);
    if (allow.length > 0) {
      return method === 'OPTIONS'
        ? { status: 204, allow, steps: 0 }
        : { status: 405, allow, steps: 0 };
    }
    if (this.options.trailingSlash === 'redirect' && path !== '/') {
      const other = path.endsWith('/') ? path.replace(/\/$/, '') : path.concat('/');
      if (this.#allow(other).length > 0) {
        const query = target.slice(path.length);
        const status = ['GET', 'HEAD'].includes(method) ? (301 as const) : (308 as const);
        return { status, location: other + query, steps: 0 };
      }
    }
    return { status: 404, steps: 0 };
  }

  url(name: string, params: Record<string, string> = {}): string {
    const pattern = this.#named.get(name);
    if (pattern === undefined) throw new RouterError('ERR_ROUTER_UNKNOWN_ROUTE', name);
    return pattern.replace(
      /([:*])([A-Za-z_]\w*)?/g,
      (_all, kind: string, key: string | undefined) => {
        const value = params[key ?? '*'];
        if (value === undefined) throw new RouterError('ERR_ROUTER_MISSING_PARAM', key ?? '*');
        if (kind === ':') {
          if (value === '') throw new RouterError('ERR_ROUTER_INVALID_PARAM', key ?? '');
          return encodeURIComponent(value);
        }
        return value.split('/').map(encodeURIComponent).join('/');
      },
    );
  }
}
