import { readSideOrgOf, readSideStore, runReadSideWorker } from './bench-support.js';
import { ratio } from './raw-baselines.js';

/**
 * AnalyticsRuntime.rebuild of the 1M-event org (or a smaller one of its make), beside the same rows inserted
 * into chDB by the bare client (JSONEachRow), each in a fresh process of its
 * own. Issue target: the rebuild's rows/s ≥ 0.6× the raw insert's.
 */
export async function benchRebuild(people: number): Promise<Record<string, number | string>> {
  const { file, events } = await readSideStore(readSideOrgOf(people));
  const rebuild = await runReadSideWorker(['rebuild', file, events]);
  const raw = await runReadSideWorker(['raw-insert', file, events]);
  const rows = Number(raw.rows);
  const rebuildRowsPerSecond = Math.round(rows / Number(rebuild.seconds));
  return {
    ...rebuild,
    rows,
    rebuildRowsPerSecond,
    rawInsertSeconds: raw.seconds!,
    rawInsertRowsPerSecond: raw.rowsPerSecond!,
    rebuildVsRawInsert: ratio(rebuildRowsPerSecond, Number(raw.rowsPerSecond)),
    rawInsertPeakRssMiB: raw.peakRssMiB!,
  };
}
