/**
 * The crawler's prerequisites, from one place: kata 6 (uri-parser) and kata 7 (http-message).
 * In the reference tree these paths are the reference solutions of both katas.
 */

// export * from '@hbu/crutches/uri-parser';
export * from '../../http-message/src/index.ts';
export * from '../../uri-parser/src/index.ts';
// export * from '@hbu/crutches/http-message';
