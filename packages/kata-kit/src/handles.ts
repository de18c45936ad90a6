/**
 * What a spec file left running: counts of this thread's active resources by kind
 * (`process.getActiveResourcesInfo()`: 'TCPServerWrap', 'TCPSocketWrap', 'UDPWrap',
 * 'ProcessWrap', 'MessagePort', 'Timeout', …). Katas take a census before their specs and
 * fail the file when more of a kind is held after them ("no socket, timer, worker or child
 * outlives a test").
 */

/** How many active resources of `kind` this thread holds now. */
export function activeHandles(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}

/** The count of each of `kinds` now: the baseline for `handlesBeyond`. */
export function handleCensus(kinds: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind in counts) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** The kinds of `baseline` held beyond it now, as entries like "2 × TCPSocketWrap"; [] when none. */
export function handlesBeyond(baseline: Record<string, number>): string[] {
  const now = handleCensus(Object.keys(baseline));
  return Object.keys(baseline)
    .filter((kind) => (now[kind] ?? 0) > (baseline[kind] ?? 0))
    .map((kind) => `${(now[kind] ?? 0) - (baseline[kind] ?? 0)} × ${kind}`);
}

/**
 * `handlesBeyond(baseline)` once it is empty, or after `ms` (polling every 10 ms): closing is
 * asynchronous, so a handle being closed gets a moment to go before it counts as left over.
 */
export async function settledHandles(
  baseline: Record<string, number>,
  ms = 1_000,
): Promise<string[]> {
  const end = Date.now() + ms;
  let left = handlesBeyond(baseline);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    left = handlesBeyond(baseline);
  }
  return left;
}
