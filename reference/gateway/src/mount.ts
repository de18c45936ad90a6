/**
 * `mount({ '/api': api, '/': site })`: dispatch on the longest matching mount point, moving the
 * matched segments from PATH_INFO to SCRIPT_NAME (PEP 3333 "URL Reconstruction"): the mounted
 * application sees the path below its mount point and can rebuild its own URL from SCRIPT_NAME.
 *
 *   request /api/users/7  →  api with SCRIPT_NAME "/api", PATH_INFO "/users/7"
 *   request /api          →  api with SCRIPT_NAME "/api", PATH_INFO ""
 *   request /apiary       →  site (a mount point matches whole segments only)
 */
import { GatewayError } from './errors.ts';
import type { App } from './types.ts';

const NOT_FOUND = new TextEncoder().encode('Not Found\n');

export function mount(apps: Record<string, App>): App {
  const points = Object.keys(apps).map((prefix) => {
    if (prefix !== '/' && (!prefix.startsWith('/') || prefix.endsWith('/'))) {
      throw new GatewayError('ERR_GATEWAY_INVALID_MOUNT', JSON.stringify(prefix));
    }
    return { prefix: prefix === '/' ? '' : prefix, app: apps[prefix]! };
  });
  // Longest first: "/api/v2" before "/api" before "/".
  points.sort((a, b) => b.prefix.length - a.prefix.length);
  return (environ, startResponse) => {
    const path = environ.PATH_INFO;
    for (const { prefix, app } of points) {
      if (prefix === '') return app(environ, startResponse);
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        // The mounted app gets its own environ: the caller's is left as it was.
        const shifted = {
          ...environ,
          SCRIPT_NAME: environ.SCRIPT_NAME + prefix,
          PATH_INFO: path.slice(prefix.length),
        };
        return app(shifted, startResponse);
      }
    }
    startResponse('404 Not Found', [['Content-Type', 'text/plain; charset=utf-8']]);
    return [NOT_FOUND];
  };
}
