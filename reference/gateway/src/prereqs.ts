// The gateway stands on kata 7: its request parser, chunked encoder and reason phrases.
export * from '../../http-message/src/index.ts';
// export * from '@hbu/crutches/http-message';
