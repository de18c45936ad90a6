/**
 * Runs (and lists) a kata's spec files in stage order: `2-…` before `10-…`, the way the README
 * reads, in `vitest run` and in watch mode alike. vitest's default orders by cached duration
 * and file size, which put stage 5 first in router and static-server.
 */
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export function stageKey(file: string): [number, string] {
  const name = basename(file);
  const m = /^(\d+)-/.exec(name);
  return [m === null ? Number.MAX_SAFE_INTEGER : Number(m[1]), name];
}

export function byStage(a: string, b: string): number {
  const [sa, na] = stageKey(a);
  const [sb, nb] = stageKey(b);
  return sa - sb || (na < nb ? -1 : na > nb ? 1 : 0);
}

export class StageSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => byStage(a.moduleId, b.moduleId));
  }
}
