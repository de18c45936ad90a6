// `node --import <this file> probe.ts`: runs a TypeScript probe and the kata's TypeScript in a child
// process at half the start-up cost of `--import tsx` (see hooks.mjs). Used by time-zone.ts.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
