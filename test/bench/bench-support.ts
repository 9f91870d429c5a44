import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateDemoOrg, writeDemoNdjson, type DemoOrgOptions } from '@orghealth/demo';
import { SqliteEventStore, type NewEvent } from '@orghealth/event-store';

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

/** The org the read-side benchmarks query: 10,000 people, about 1M events over the year before `end`. */
export const READ_SIDE_ORG = {
  orgId: 'bench-read',
  people: 10_000,
  totalEvents: 1_000_000,
  seed: 11,
  end: '2026-10-31T00:00:00Z',
} as const;

/** The read-side org, or a smaller one of the same make (a quick run of a benchmark on a shared machine). */
export type ReadSideOrg = { orgId: string; people: number; totalEvents: number; seed: number; end: string };

/** The read-side org of `people` people: the benchmark org itself at 10,000, else one of its make, 100 events a person. */
export const readSideOrgOf = (people: number): ReadSideOrg =>
  people === READ_SIDE_ORG.people ? READ_SIDE_ORG : { ...READ_SIDE_ORG, people, totalEvents: people * 100 };

/**
 * The read-side org (or `org`) in a SQLite event store, built once and reused: the
 * benchmarks time what happens after the events are stored, not generating
 * or recording them. Events are appended directly to the org's stream (the
 * generator's output passes the rules, so OrgWriter would store the same).
 */
export async function readSideStore(org: ReadSideOrg = READ_SIDE_ORG): Promise<{ file: string; events: number }> {
  const file = resolve(BENCH_DIR, org === READ_SIDE_ORG ? 'read-side-1m.sqlite' : `read-side-${org.people}.sqlite`);
  const meta = `${file}.json`;
  const wanted = JSON.stringify(org);
  if (existsSync(file) && existsSync(meta)) {
    const saved = JSON.parse(readFileSync(meta, 'utf8')) as { options: string; events: number };
    if (saved.options === wanted) return { file, events: saved.events };
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  process.stdout.write('storing the read-side org … ');
  const store = SqliteEventStore.open({ file });
  let events = 0;
  try {
    let chunk: NewEvent[] = [];
    const streamId = `org-${org.orgId}`;
    for (const event of generateDemoOrg(org).events) {
      chunk.push({ ...event, recordedAt: event.occurredAt });
      if (chunk.length === 10_000) {
        await store.append(streamId, chunk, 'any');
        events += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length > 0) await store.append(streamId, chunk, 'any');
    events += chunk.length;
  } finally {
    await store.close();
  }
  writeFileSync(meta, JSON.stringify({ options: wanted, events }));
  process.stdout.write(`${events} events\n`);
  return { file, events };
}

/**
 * Runs one read-side benchmark in a child process (read-side-worker.ts, next
 * to the running run-all.js), which prints its result as the last line.
 */
export async function runReadSideWorker(args: (string | number)[]): Promise<Record<string, number | string>> {
  const worker = join(dirname(process.argv[1]!), 'read-side-worker.js');
  const child = spawn(process.execPath, [worker, ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`read-side benchmark ${args[0]} exited with ${code}: ${output}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, number | string>;
}
