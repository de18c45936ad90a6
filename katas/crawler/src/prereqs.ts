/**
 * Your crawler stands on your own katas 1 and 2: this file is the one place that imports them.
 *
 * Not finished with uri-parser or http-message yet? Swap a line for its crutch (the same
 * interface over a production implementation) and come back later:
 */

// export * from '@hbu/crutches/uri-parser';
export * from '../../http-message/src/index.ts';
export * from '../../uri-parser/src/index.ts';
// export * from '@hbu/crutches/http-message';
