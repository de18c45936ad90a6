/**
 * Crutch for kata 13 (session-store): the kata's exact interface with cookies over `cookie`
 * (jshttp) and signing over `cookie-signature` (Express's). The stores and the session manager
 * are thin: enough to stand on, not the kata's security stage. Forbidden in session-store.
 */
export {
  type CookieAttributes,
  CookieError,
  type CookieErrorCode,
  type ParsedSetCookie,
  parseCookie,
  parseSetCookie,
  type SameSite,
  SessionError,
  type SessionErrorCode,
  SignError,
  type SignErrorCode,
  StoreError,
  type StoreErrorCode,
  serializeSetCookie,
  sign,
  unsign,
} from './internal/cookies.ts';
export {
  type Session,
  SessionManager,
  type SessionManagerOptions,
} from './internal/session-manager.ts';
export {
  type Clock,
  FileStore,
  type FileStoreOptions,
  type FileSystem,
  MemoryStore,
  type SessionData,
  type SessionStore,
} from './internal/session-stores.ts';
