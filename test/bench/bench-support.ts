import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { writeDemoNdjson, type DemoOrgOptions } from '@orghealth/demo';

/** Where benchmarks keep generated inputs between runs (git-ignored). */
export const BENCH_DIR = resolve('.bench');

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

/** Generates a demo org file once per set of options; later runs reuse it. */
export async function demoFile(name: string, options: DemoOrgOptions): Promise<{ path: string; events: number }> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = resolve(BENCH_DIR, `${name}.ndjson`);
  const meta = `${path}.json`;
  const wanted = JSON.stringify(options);
  if (existsSync(path) && existsSync(meta)) {
    const saved = JSON.parse(readFileSync(meta, 'utf8')) as { options: string; events: number };
    if (saved.options === wanted) return { path, events: saved.events };
  }
  process.stdout.write(`generating ${name} … `);
  const { events } = await writeDemoNdjson(path, options);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(meta, JSON.stringify({ options: wanted, events }));
  process.stdout.write(`${events} events\n`);
  return { path, events };
}

/** Peak resident memory of a process so far (Linux), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kib / 1024);
}
