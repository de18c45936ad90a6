/**
 * Stage 5: a to-do API written with YOUR framework (README §5 lists every rule). In memory;
 * `npm start` serves it on your whole stack.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { WebApp } from './index.ts';

export interface Todo {
  id: string;
  title: string;
  done: boolean;
}

export interface TodoApiOptions {
  /** The one origin CORS allows (no CORS middleware when absent). */
  corsOrigin?: string;
}

/** RFC 7396 §2: MergePatch(target, patch), as pure function (the PATCH handler uses it). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  // TODO: README §5
  return notImplemented(`mergePatch(${typeof target}, ${typeof patch})`, 5);
}

/** The to-do API: `serve(createTodoApi().gateway)`. */
export function createTodoApi(options: TodoApiOptions = {}): WebApp {
  // TODO: README §5
  return notImplemented(`createTodoApi(${JSON.stringify(options)})`, 5);
}
