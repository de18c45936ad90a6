import type { StaticServerOptions } from './prereqs.ts';
import type { CgiOptions } from './types.ts';

export interface CgiServerOptions extends Omit<CgiOptions, 'signal'> {
  /** The directory of the scripts (an existing directory). README §4. */
  cgiBin: string;
  /** The URL path the scripts live under (default `/cgi-bin`). */
  prefix?: string;
  /**
   * Everything outside the prefix is served by your static server from kata 9 with these
   * options; without them it is a 404.
   */
  static?: StaticServerOptions;
  /** At most this many scripts run at once; one more request is a 503 (default 16). README §6. */
  maxConcurrent?: number;
  /** Largest request body accepted (default 1 MiB); more is a 413. */
  maxBodyBytes?: number;
  /** Local redirects followed for one request before a 500 (default 10). README §5. */
  maxRedirects?: number;
}

export interface Settings {
  cgiBin: string;
  prefix: string;
  maxConcurrent: number;
  maxBodyBytes: number;
  maxRedirects: number;
  cgi: CgiOptions;
  /** Scripts running now (all connections). */
  running: number;
}
