import { readSideStore, runReadSideWorker } from './bench-support.js';

/** Issue target: AnalyticsRuntime.rebuild of the 1M-event org in ≤ 60 s, peak RSS reported. */
export async function benchRebuild(): Promise<Record<string, number | string>> {
  const { file, events } = await readSideStore();
  return runReadSideWorker(['rebuild', file, events]);
}
