/**
 * The earlier katas this one stands on, from one place. Under the reference tree these resolve
 * to the references of static-server and http-message.
 */
export * from '../../http-message/src/index.ts';
// export * from '@hbu/crutches/http-message';
export * from '../../static-server/src/index.ts';
// export * from '@hbu/crutches/static-server';
