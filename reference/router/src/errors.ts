/** Every failure the router reports, each with a stable code a caller (and a spec) can test. */
export type RouterErrorCode =
  /** The pattern cannot be parsed, or could never match anything. */
  | 'ERR_ROUTER_INVALID_PATTERN'
  /** The method is not an RFC 9110 token (§9.1: `method = token`). */
  | 'ERR_ROUTER_INVALID_METHOD'
  /** The route duplicates one already added, or reuses a route name. */
  | 'ERR_ROUTER_CONFLICT'
  /** `url()` was asked for a name no route carries. */
  | 'ERR_ROUTER_UNKNOWN_ROUTE'
  /** `url()` was not given a value for one of the route's parameters. */
  | 'ERR_ROUTER_MISSING_PARAM'
  /** `url()` was given a value the route could never match (empty, or rejected by a constraint). */
  | 'ERR_ROUTER_INVALID_PARAM';

export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly code: RouterErrorCode;

  constructor(code: RouterErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
