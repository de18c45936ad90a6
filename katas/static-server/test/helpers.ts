/**
 * Test setup shared by the static-server specs: the web root (see web-root.ts) for the whole spec
 * file, a server on loopback per test (closed after each test), and short request helpers.
 */
import { rmSync } from 'node:fs';
import {
  listen,
  type RawRequest,
  type RunningServer,
  request,
  useSocketHarness,
  type WireResponse,
} from '@hbu/kata-kit/socket-harness';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createStaticServer, type StaticServerOptions } from '../src/index.ts';
import { makeWebRoot, type WebRoot } from './web-root.ts';

export * from './web-root.ts';

/**
 * Registers a web root for the whole spec file (created before, removed after) and returns an
 * accessor, plus `start(options)` which serves it on loopback (closed after each test).
 */
export function useWebRoot(): {
  web: () => WebRoot;
  start: (options?: Partial<StaticServerOptions>) => Promise<RunningServer>;
} {
  useSocketHarness(afterEach);
  let current: WebRoot | undefined;
  beforeAll(() => {
    current = makeWebRoot();
  });
  afterAll(() => {
    if (current !== undefined) rmSync(current.base, { recursive: true, force: true });
  });
  const web = (): WebRoot => {
    if (current === undefined) throw new Error('web root not created yet');
    return current;
  };
  return {
    web,
    start: (options = {}) => listen(() => createStaticServer({ root: web().root, ...options })),
  };
}

/** GET (or another method) on a fresh connection; returns the parsed response. */
export function get(
  server: RunningServer,
  target: string,
  headers: Record<string, string> = {},
  method = 'GET',
  extra: Partial<RawRequest> = {},
): Promise<WireResponse> {
  return request(server.port, { method, target, headers, ...extra });
}

/** The body as UTF-8 text. */
export const text = (res: WireResponse): string => res.body.toString('utf8');
