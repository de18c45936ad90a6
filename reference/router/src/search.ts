import type { Check, Leaf, RouteRecord, TemplateNode, TreeNode } from './tree.ts';

/**
 * State of one lookup. The path is never split into an array: segments are read in place
 * with indexOf, which is most of the speed of a tree router (see the README lab).
 *
 * `steps` is the public work counter (README §9): one per lookup, one per child node tried,
 * one per constraint call, and one per character scanned while looking for the text that
 * ends a parameter inside a segment. It grows with the path and the table, never with the
 * number of ways a segment could be split, because a segment is split once.
 */
export interface SearchState<T> {
  /** The path as it arrived, still percent-encoded, without its query. */
  path: string;
  /** Whether the path holds any "%": only then is there anything to decode. */
  percent: boolean;
  /** Whether static segments are compared case-insensitively. */
  fold: boolean;
  /** Captured parameter values, in capture order. */
  values: string[];
  steps: number;
  method: string;
  /**
   * Leaves the path reached that have routes, none for `method`. When the search fails it has
   * visited every leaf that matches the path, so these are exactly what 405 and OPTIONS list.
   */
  missed: Array<Leaf<T>> | undefined;
}

/** The route of a leaf for the request method; undefined makes the search go on (backtrack). */
function accept<T>(state: SearchState<T>, leaf: Leaf<T>): RouteRecord<T> | undefined {
  const route = leaf.pick(state.method);
  if (route === undefined && leaf.byMethod.size > 0) {
    state.missed ??= [];
    state.missed.push(leaf);
  }
  return route;
}

function check(state: { steps: number }, fn: Check | undefined, value: string): boolean {
  if (fn === undefined) return true;
  state.steps++;
  return fn(value);
}

/** RFC 3986 §2.1: decode once. The whole path was checked to decode before the search began. */
function decode(state: { percent: boolean }, raw: string): string {
  return state.percent ? decodeURIComponent(raw) : raw;
}

/**
 * Matches one segment against a template, pushing the values. Each parameter ends at the
 * FIRST occurrence of the literal that follows it; no other split is tried. Trying the others
 * is what a backtracking regular expression does (`([^/]+?)-([^/]+?)`), and what made
 * path-to-regexp (CVE-2024-45296, CVE-2024-52798) and find-my-way (CVE-2024-45813) super-linear.
 */
function matchTemplate<T>(node: TemplateNode<T>, raw: string, state: SearchState<T>): boolean {
  const { parts, checks } = node;
  if (parts.length === 1) {
    // The common `:id`: the whole decoded segment, no scanning.
    if (raw === '') return false;
    const value = decode(state, raw);
    if (!check(state, checks[0], value)) return false;
    state.values.push(value);
    return true;
  }
  let at = 0;
  let p = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    if ('literal' in part) {
      if (!raw.startsWith(part.literal, at)) return false;
      at += part.literal.length;
      continue;
    }
    const next = parts[k + 1] as { literal: string } | undefined;
    const end = next === undefined ? raw.length : raw.indexOf(next.literal, at + 1);
    state.steps += (end === -1 ? raw.length : end) - at;
    if (end === -1 || end === at) return false;
    const value = decode(state, raw.slice(at, end));
    if (!check(state, checks[p++], value)) return false;
    state.values.push(value);
    at = end;
  }
  // Literal text that ends the pattern must end the segment too.
  return at === raw.length;
}

const SLASH = 0x2f;

/** The end of the segment that starts at `start`: the next "/", or the end of the path. */
function segmentEnd(path: string, start: number): number {
  const slash = path.indexOf('/', start);
  return slash === -1 ? path.length : slash;
}

/**
 * Depth-first search in precedence order from the segment starting at `start`; returns the
 * first route `accept` takes. Past the end of the path (`start > path.length`) the node's own
 * routes answer.
 */
export function search<T>(
  node: TreeNode<T>,
  start: number,
  state: SearchState<T>,
): RouteRecord<T> | undefined {
  const path = state.path;
  if (start > path.length) return accept(state, node.leaf);
  // Where the segment ends (the next "/" or the end of the path), found on first need.
  let end = -1;
  const single = node.singleStatic;
  if (single !== undefined && !state.percent && !state.fold) {
    // A lone static child (`api` under the root, `v1` under `api`): compared in place, which
    // spares finding the segment's end, cutting it out and hashing it for a Map lookup. A path
    // with "%" or a case-insensitive router compares decoded or folded text: the Map below.
    const key = single.key;
    const after = start + key.length;
    if (
      path.startsWith(key, start) &&
      (after === path.length || path.charCodeAt(after) === SLASH)
    ) {
      state.steps++;
      const found = search(single.node, after + 1, state);
      if (found !== undefined) return found;
    }
  } else if (node.statics.size > 0) {
    end = segmentEnd(path, start);
    const raw = path.slice(start, end);
    const text = state.percent ? decodeURIComponent(raw) : raw;
    const child = node.statics.get(state.fold ? text.toLowerCase() : text);
    if (child !== undefined) {
      state.steps++;
      const found = search(child, end + 1, state);
      if (found !== undefined) return found;
    }
  }
  const templates = node.templates;
  if (templates.length > 0) {
    if (end === -1) end = segmentEnd(path, start);
    const raw = path.slice(start, end);
    const mark = state.values.length;
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t]!;
      state.steps++;
      if (matchTemplate(template, raw, state)) {
        const found = search(template, end + 1, state);
        if (found !== undefined) return found;
      }
      // Backtrack: forget what this branch captured.
      state.values.length = mark;
    }
  }
  // The rest of the path, decoded when the first wildcard needs it.
  let rest: string | undefined;
  for (const wildcard of node.wildcards) {
    state.steps++;
    rest ??= decode(state, path.slice(start));
    if (!check(state, wildcard.check, rest)) continue;
    const found = accept(state, wildcard.leaf);
    if (found !== undefined) {
      state.values.push(rest);
      return found;
    }
  }
  return undefined;
}
