/**
 * The earlier kata this one stands on: kata 7 (http-message) — its RequestParser reads the
 * requests, reasonPhrase names the statuses, isKeepAlive decides persistence.
 *
 * The default is YOUR http-message. Not finished it yet? Swap the two lines (README, "Before you
 * start"): the crutch is the same interface over Node's own parser, and grades the same.
 */
export * from '../../http-message/src/index.ts';
// export * from '@hbu/crutches/http-message';
