/**
 * Middleware the framework ships: sessions (kata 13's manager around each request), CORS for
 * one configured origin (Fetch standard, "CORS protocol"), and CSRF defence for cookie sessions.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { FrameworkError, HttpError } from './errors.ts';
import type { SessionManager } from './prereqs.ts';
import type { AppRequest, Handler } from './types.ts';

/**
 * Loads the session the Cookie points at into `req.session` before the handlers, commits it
 * after them (a Set-Cookie when the manager says so). Not committed when a handler throws.
 */
export function sessions(manager: SessionManager): Handler {
  return async (req, res, next) => {
    const session = await manager.load(req.header('cookie'));
    req.session = session;
    req.sessionControl = {
      regenerate: async () => {
        req.session = await manager.regenerate(req.session ?? session);
        return req.session;
      },
      destroy: async () => {
        await manager.destroy(req.session ?? session);
      },
    };
    await next();
    const cookie = await manager.commit(req.session);
    if (cookie !== undefined) res.appendHeader('Set-Cookie', cookie);
  };
}

export interface CorsOptions {
  /** The one origin allowed, e.g. `https://app.example` (scheme, host, port; no path). */
  origin: string;
  /** Methods a preflight may ask for (default GET, HEAD, POST, PUT, PATCH, DELETE). */
  methods?: string[];
  /** Request fields a preflight may ask for (default Content-Type, If-Match, If-None-Match). */
  allowHeaders?: string[];
  /** Response fields the page may read (default ETag, Location, Link). */
  exposeHeaders?: string[];
  /** Access-Control-Max-Age (default 600). */
  maxAgeSeconds?: number;
  /** Access-Control-Allow-Credentials: true (default false). */
  credentials?: boolean;
}

export function cors(options: CorsOptions): Handler {
  const methods = options.methods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const allowHeaders = options.allowHeaders ?? ['Content-Type', 'If-Match', 'If-None-Match'];
  const expose = options.exposeHeaders ?? ['ETag', 'Location', 'Link'];
  return async (req, res, next) => {
    res.appendHeader('Vary', 'Origin');
    const origin = req.header('origin');
    const allowed = origin === options.origin;
    const preflight =
      req.method === 'OPTIONS' &&
      origin !== undefined &&
      req.header('access-control-request-method') !== undefined;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', options.origin);
      if (options.credentials === true) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (preflight) {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', methods.join(', '));
        res.setHeader('Access-Control-Allow-Headers', allowHeaders.join(', '));
        res.setHeader('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
      }
      res.empty(204);
      return;
    }
    if (allowed && expose.length > 0) {
      res.setHeader('Access-Control-Expose-Headers', expose.join(', '));
    }
    await next();
  };
}

export interface CsrfOptions {
  /** Origins whose pages may send unsafe requests with the session cookie. */
  origins: string[];
  /** The request field carrying the token (default `X-CSRF-Token`). */
  header?: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * Refuses (403) an unsafe request that carries cookies unless it comes from an allowed origin:
 * Sec-Fetch-Site says cross-site → refused; an Origin (or, without one, a Referer) must be
 * allowed; with neither, the token field must equal the session's token (`csrfToken`).
 */
export function csrf(options: CsrfOptions): Handler {
  const field = options.header ?? 'x-csrf-token';
  const refuse = (why: string): never => {
    throw new HttpError(403, 'ERR_HTTP_CSRF', { detail: why });
  };
  return async (req, _res, next) => {
    if (!SAFE.has(req.method) && req.header('cookie') !== undefined) {
      const site = req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') refuse('cross-site');
      const origin = req.header('origin') ?? refererOrigin(req.header('referer'));
      if (origin !== undefined) {
        if (!options.origins.includes(origin)) refuse('origin not allowed');
      } else {
        const sent = req.header(field) ?? '';
        const expected = req.session?.data.csrfToken;
        if (typeof expected !== 'string' || !sameSecret(sent, expected)) refuse('no valid token');
      }
    }
    await next();
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session's CSRF token (made on first use): put it in forms and in the token field. */
export function csrfToken(req: AppRequest): string {
  if (req.session === undefined) {
    throw new FrameworkError('ERR_FRAMEWORK_NO_SESSION', 'csrfToken needs the sessions middleware');
  }
  const token = req.session.data.csrfToken;
  if (typeof token === 'string') return token;
  const made = randomBytes(32).toString('base64url');
  req.session.data.csrfToken = made;
  return made;
}
