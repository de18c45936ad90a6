/**
 * Test helpers shared by the framework specs: an application served on loopback by the gateway
 * `serve()` from src/prereqs.ts (yours or the crutch), one request per call through the socket
 * harness (exact bytes, no client adding fields), and small readers of the answer. Everything
 * here is the test's own code: nothing of the implementation under test.
 */
import { listen, request, useSocketHarness, type WireResponse } from '@hbu/kata-kit/socket-harness';
import { afterEach } from 'vitest';
import type { AppRequest, AppResponse, WebApp } from '../src/index.ts';
import { createApp } from '../src/index.ts';
import { type ServeOptions, serve } from '../src/prereqs.ts';

export interface Answer extends WireResponse {
  /** The body as UTF-8. */
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

export interface Call {
  method?: string;
  headers?: Record<string, string> | Array<[string, string]>;
  body?: string | Uint8Array;
}

export interface Running {
  origin: string;
  port: number;
  call(target: string, call?: Call): Promise<Answer>;
  get(target: string, headers?: Record<string, string>): Promise<Answer>;
  /** A JSON body with Content-Type application/json (or `type`). */
  send(
    method: string,
    target: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
}

export function answer(res: WireResponse): Answer {
  const text = res.body.toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return Object.assign(res, { text, json });
}

export async function callPort(port: number, target: string, call: Call = {}): Promise<Answer> {
  return answer(
    await request(port, {
      method: call.method ?? 'GET',
      target,
      headers: call.headers ?? {},
      ...(call.body === undefined ? {} : { body: call.body }),
    }),
  );
}

/**
 * Registers the harness (every server closed after each test); returns `start(app, options?)`,
 * `options` going to `serve()` (a body limit above its default, say).
 */
export function useApp(): (app: WebApp, options?: ServeOptions) => Promise<Running> {
  useSocketHarness(afterEach);
  return async (app, options) => {
    const running = await listen(() => serve(app.gateway, options));
    return {
      origin: running.origin,
      port: running.port,
      call: (target, call) => callPort(running.port, target, call),
      get: (target, headers = {}) => callPort(running.port, target, { headers }),
      send: (method, target, body, headers = {}) =>
        callPort(running.port, target, {
          method,
          headers: { 'Content-Type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
    };
  };
}

/**
 * Runs `work` inside a handler of a fresh app (GET and POST /probe) and returns what it
 * returned or threw; the handler then answers 200 itself when `work` did not.
 */
export function probe(
  start: (app: WebApp) => Promise<Running>,
): (
  work: (req: AppRequest, res: AppResponse) => unknown,
  call?: Call & { target?: string },
) => Promise<{ value: unknown; error: unknown; answer: Answer }> {
  return async (work, call = {}) => {
    let value: unknown;
    let error: unknown;
    const app = createApp().on(['GET', 'POST', 'PUT'], '/probe', async (req, res) => {
      try {
        value = await work(req, res);
      } catch (e) {
        error = e;
      }
      if (!res.sent) res.text('probed');
    });
    const running = await start(app);
    const got = await running.call(call.target ?? '/probe', call);
    return { value, error, answer: got };
  };
}

/** The `errors[].field` names of a validation problem, sorted. */
export const fieldsOf = (body: unknown): string[] =>
  ((body as { errors?: Array<{ field: string }> }).errors ?? []).map((e) => e.field).sort();

/** Link field → { rel → target } (RFC 8288, the subset the API sends). */
export function links(field: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (field ?? '').matchAll(/<([^>]*)>\s*;\s*rel="?([\w-]+)"?/g)) {
    out[m[2] as string] = m[1] as string;
  }
  return out;
}
