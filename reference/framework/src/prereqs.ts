/**
 * The earlier katas this one stands on, imported from this one file only: the router (kata 12),
 * the session store (kata 13), the gateway (kata 11: `serve` and the App types) and the URI
 * parser (kata 6: the query codec). Each own-kata line has its crutch commented below it.
 */
export * from '../../gateway/src/index.ts';
// export * from '@hbu/crutches/gateway';
export * from '../../router/src/index.ts';
// export * from '@hbu/crutches/router';
export * from '../../session-store/src/index.ts';
// export * from '@hbu/crutches/session-store';
export * from '../../uri-parser/src/index.ts';
// export * from '@hbu/crutches/uri-parser';
