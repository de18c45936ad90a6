/** What to do with a path that has a segment starting with "." (`.env`, `.git/config`). */
export type DotfilesPolicy = 'ignore' | 'deny' | 'allow';

export interface StaticServerOptions {
  /** The web root: an existing directory. Nothing outside it is ever read (README §4). */
  root: string;
  /** File names tried, in order, for a directory request ending in "/" (default `['index.html']`). */
  index?: string[];
  /** `ignore` (default): 404 as if absent; `deny`: 403; `allow`: serve like any file (README §4). */
  dotfiles?: DotfilesPolicy;
  /** Answer a directory without an index file with an HTML listing (default false: 403). */
  listing?: boolean;
  /** Close a connection whose request head is not complete this long after it began (default 10 s). */
  headerTimeoutMs?: number;
  /** Answer 408 and close when a request body is not complete this long after its head (default 10 s). */
  bodyTimeoutMs?: number;
  /** Close an idle keep-alive connection after this long without a new request (default 5 s). */
  keepAliveTimeoutMs?: number;
  /**
   * Destroy a connection whose client stops reading: no progress on a response, or no close
   * after ours, for this long (default 30 s).
   */
  sendTimeoutMs?: number;
  /** Largest request header section accepted; more is a 431 (default 16 KiB). */
  maxHeaderBytes?: number;
}

/** Options with every default filled in, and the root made absolute and real (symlinks resolved). */
export interface Settings {
  root: string;
  index: string[];
  dotfiles: DotfilesPolicy;
  listing: boolean;
  headerTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  sendTimeoutMs: number;
  maxHeaderBytes: number;
}
