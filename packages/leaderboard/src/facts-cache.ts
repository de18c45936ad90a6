/**
 * A cache of what ranking needs from each results file, so a board over a long history (a
 * thousand participants × twenty results) re-reads only the files that are new. An entry is
 * reused while the file keeps its path, size and modification time — or, for an append-only
 * history whose files are never rewritten (the data branch: unique time-stamped names, written by
 * the trusted job only, checked out afresh so times change), its path and size (`immutable`).
 * The cache is void when the validator or what it checks against changes (the validator's source,
 * the trusted course and the sandbox and commit rules are part of the cache key), so a stricter
 * validator, another course or another sandbox rule re-judges every file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RankFacts } from './aggregate.ts';
import { listResultFiles, loadResults } from './load.ts';
import type { ValidationContext } from './validate.ts';

export interface CacheOptions {
  /** Where the cache is kept between runs (JSON); without it, it lives in memory only. */
  file?: string;
  /** Trust path and size alone (an append-only history). */
  immutable?: boolean;
}

type Kata = [slug: string, title: string, order: number];
/** [katas index, score, max, stages completed, stage count] */
type KataRow = [number, number, number, number, number];
interface Entry {
  size: number;
  mtimeMs: number;
  /** [participant, time, commit, score, katas] — absent when rejected. */
  facts?: [string, number, string | null, number, KataRow[]];
  rejected?: string;
  warnings?: string[];
}
interface CacheDoc {
  key: string;
  katas: Kata[];
  entries: Record<string, Entry>;
}

/** Changes whenever the validator or this format changes. */
const VALIDATOR = createHash('sha256')
  .update('facts-cache 2\n')
  .update(readFileSync(join(import.meta.dirname, 'validate.ts')))
  .digest('hex');

/** The cache key: the validator and what it judges against (course, sandbox and commit rules). */
function keyOf(context: ValidationContext): string {
  return createHash('sha256')
    .update(VALIDATOR)
    .update(
      JSON.stringify([
        context.course,
        context.requireSandbox ?? false,
        context.requireCommit ?? false,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
}

export interface CachedLoad {
  results: RankFacts[];
  rejected: string[];
  warnings: string[];
  /** How many files were read and validated this time (the rest came from the cache). */
  read: number;
}

export class FactsCache {
  private doc: CacheDoc = { key: '', katas: [], entries: {} };
  private readonly kataIndex = new Map<string, number>();
  /** Whether the cache changed since it was read (save() writes only then). */
  private dirty = false;

  constructor(private readonly options: CacheOptions = {}) {
    if (options.file && existsSync(options.file)) {
      try {
        const doc = JSON.parse(readFileSync(options.file, 'utf8')) as CacheDoc;
        if (
          typeof doc.key === 'string' &&
          Array.isArray(doc.katas) &&
          typeof doc.entries === 'object'
        ) {
          this.doc = doc;
        }
      } catch {
        // A broken cache is no cache.
      }
    }
    for (const [i, k] of this.doc.katas.entries()) this.kataIndex.set(k.join('\u0000'), i);
  }

  private kata(k: Kata): number {
    const id = k.join('\u0000');
    let i = this.kataIndex.get(id);
    if (i === undefined) {
      i = this.doc.katas.push(k) - 1;
      this.kataIndex.set(id, i);
    }
    return i;
  }

  /**
   * Like loadResults, through the cache; `base` makes the cache's keys relative. Entries judged
   * against another context (course, sandbox or commit rule) are dropped first.
   */
  load(
    inputs: string[],
    base: string,
    context: ValidationContext,
    verify?: (file: string) => string | null,
  ): CachedLoad {
    const key = keyOf(context);
    if (this.doc.key !== key) {
      this.doc = { key, katas: [], entries: {} };
      this.kataIndex.clear();
      this.dirty = true;
    }
    const { files, missing } = listResultFiles(inputs);
    const out: CachedLoad = { results: [], rejected: [], warnings: [], read: 0 };
    out.rejected.push(...missing.map((m) => `${m}: no such file or folder`));
    const kept: Record<string, Entry> = {};
    const cwd = process.env.INIT_CWD ?? process.cwd();
    for (const file of files) {
      const name = relative(base, file) || file;
      const stat = statSync(file);
      let entry: Entry | undefined = this.doc.entries[name];
      const fresh =
        entry !== undefined &&
        entry.size === stat.size &&
        (this.options.immutable || entry.mtimeMs === stat.mtimeMs);
      // The room's seal is checked every time: it is about the bytes, not about the facts.
      const refused = verify?.(file) ?? null;
      if (refused !== null) {
        out.rejected.push(`${relative(cwd, file) || file}: ${refused}`);
        continue;
      }
      if (!fresh) {
        out.read += 1;
        this.dirty = true;
        const loaded = loadResults([file], context);
        const r = loaded.results[0];
        entry = { size: stat.size, mtimeMs: stat.mtimeMs };
        if (r) {
          entry.facts = [
            r.participant,
            r.time,
            r.commit,
            r.score,
            r.katas.map((k) => [
              this.kata([k.slug, k.title, k.order]),
              k.score,
              k.maxScore,
              k.stagesCompleted,
              k.stages.length,
            ]),
          ];
        } else entry.rejected = loaded.rejected[0] ?? `${name}: rejected`;
        if (loaded.warnings.length > 0) entry.warnings = loaded.warnings;
      }
      kept[name] = entry!;
      if (entry!.warnings) out.warnings.push(...entry!.warnings);
      if (entry!.rejected !== undefined) out.rejected.push(entry!.rejected);
      else if (entry!.facts) out.results.push(this.expand(entry!.facts));
    }
    // Files that are gone leave the cache.
    if (Object.keys(kept).length !== Object.keys(this.doc.entries).length) this.dirty = true;
    this.doc.entries = kept;
    return out;
  }

  private expand([participant, time, commit, score, katas]: NonNullable<
    Entry['facts']
  >): RankFacts {
    return {
      participant,
      time,
      commit,
      score,
      katas: katas.map(([i, kScore, maxScore, stagesCompleted, stages]) => {
        const [slug, title, order] = this.doc.katas[i]!;
        return { slug, title, order, score: kScore, maxScore, stagesCompleted, stages };
      }),
    };
  }

  /** Writes the cache to its file, when it has one and something changed since it was read. */
  save(): void {
    if (!this.options.file || (!this.dirty && existsSync(this.options.file))) return;
    writeFileSync(this.options.file, JSON.stringify(this.doc));
    this.dirty = false;
  }
}
