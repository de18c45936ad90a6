import { Bench } from 'tinybench';

/** One contender in a side-by-side benchmark: the participant, the reference, a production peer. */
export interface Contender {
  name: string;
  /** Runs one operation of the workload. Throwing (a NotImplemented stub) marks it "not implemented". */
  run: () => unknown;
}

export interface Workload {
  name: string;
  contenders: Contender[];
}

/**
 * Runs every workload for every contender in one process, side by side, and prints ops/s and
 * each contender's ratio to the first one named `baseline` (default: the last contender, the
 * production peer). Ratios from one run on one machine are what we compare; absolute numbers
 * on a shared 2-core machine are noise.
 */
export async function compare(
  title: string,
  workloads: Workload[],
  options: { timeMs?: number; baseline?: string } = {},
): Promise<
  Array<{ workload: string; contender: string; hz: number | undefined; ratio: number | undefined }>
> {
  const rows: Array<{
    workload: string;
    contender: string;
    hz: number | undefined;
    ratio: number | undefined;
  }> = [];
  console.log(`\n${title}`);
  for (const workload of workloads) {
    const bench = new Bench({ name: workload.name, time: options.timeMs ?? 500, warmupTime: 100 });
    const usable: Contender[] = [];
    for (const c of workload.contenders) {
      try {
        c.run();
        usable.push(c);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        rows.push({ workload: workload.name, contender: c.name, hz: undefined, ratio: undefined });
        console.log(`  ${workload.name} · ${c.name}: skipped (${reason.split('\n')[0]})`);
      }
    }
    for (const c of usable) bench.add(c.name, c.run);
    await bench.run();
    const baselineName = options.baseline ?? workload.contenders.at(-1)?.name;
    const baseHz = bench.tasks.find((t) => t.name === baselineName)?.result;
    const base = baseHz && 'throughput' in baseHz ? baseHz.throughput.mean : undefined;
    for (const task of bench.tasks) {
      const result = task.result;
      const hz = result && 'throughput' in result ? result.throughput.mean : undefined;
      const ratio = hz !== undefined && base !== undefined ? hz / base : undefined;
      rows.push({ workload: workload.name, contender: task.name, hz, ratio });
    }
  }
  printTable(rows, options.baseline);
  return rows;
}

function printTable(
  rows: Array<{
    workload: string;
    contender: string;
    hz: number | undefined;
    ratio: number | undefined;
  }>,
  baseline: string | undefined,
): void {
  const w = Math.max(...rows.map((r) => r.workload.length), 8);
  const c = Math.max(...rows.map((r) => r.contender.length), 10);
  console.log(
    `  ${'workload'.padEnd(w)}  ${'contender'.padEnd(c)}  ${'ops/s'.padStart(12)}  ratio`,
  );
  for (const r of rows) {
    const hz = r.hz === undefined ? '—' : Math.round(r.hz).toLocaleString('en-US');
    const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
    console.log(
      `  ${r.workload.padEnd(w)}  ${r.contender.padEnd(c)}  ${hz.padStart(12)}  ${ratio}`,
    );
  }
  console.log(`  ratio = ops/s ÷ ops/s of ${baseline ?? 'the last contender of each workload'}`);
}
