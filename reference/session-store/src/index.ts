/**
 * Session store: cookies (RFC 6265), signed values, server-side stores and the session
 * lifecycle. Each module is one stage of the kata; this barrel is the public interface.
 */
export { parseCookie } from './cookie-header.ts';
export {
  CookieError,
  type CookieErrorCode,
  SessionError,
  type SessionErrorCode,
  SignError,
  type SignErrorCode,
  StoreError,
  type StoreErrorCode,
} from './errors.ts';
export { FileStore, type FileStoreOptions, type FileSystem } from './file-store.ts';
export { MemoryStore } from './memory-store.ts';
export { type ParsedSetCookie, parseSetCookie } from './parse-set-cookie.ts';
export {
  type Session,
  SessionManager,
  type SessionManagerOptions,
} from './session-manager.ts';
export { type CookieAttributes, type SameSite, serializeSetCookie } from './set-cookie.ts';
export { sign, unsign } from './sign.ts';
export type { Clock, SessionData, SessionStore } from './store.ts';
