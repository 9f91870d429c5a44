import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { machine, peakRssMiB } from './bench-support.js';

const ORG = 'bench-hris';
const DEPARTMENTS = ['Sales', 'Eng', 'Ops', 'HR', 'Finance', 'Legal'];

/** A snapshot of `people`: a tree of span 8 under E1, with an email, a department and a location each. */
function snapshotCsv(people: number): string {
  const rows = ['employee_id,manager_id,email,name,department,location'];
  for (let i = 1; i <= people; i++) {
    rows.push(
      `E${i},${i === 1 ? '' : `E${Math.floor((i - 2) / 8) + 1}`},e${i}@acme.test,Person ${i},${DEPARTMENTS[i % DEPARTMENTS.length]},L${i % 40}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

async function send(url: string, body: string, effectiveAt: string): Promise<{ seconds: number; answer: Record<string, unknown> }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url}/v1/orgs/${ORG}/sources/hris/snapshots?effectiveAt=${effectiveAt}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...authHeaders() },
    body,
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`snapshot answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, answer };
}

/** Issue target: a 100,000-person snapshot diffed and applied in ≤ 30 s, a no-change resend in ≤ 10 s; peak memory reported. */
export async function benchHrisSnapshot(people = 100_000): Promise<Record<string, number | string>> {
  const dir = tempDir('orghealth-bench-');
  const csv = snapshotCsv(people);
  writeFileSync(join(dir.path, 'snapshot.csv'), csv);
  const engine = await EngineProcess.start(join(dir.path, 'data'));
  try {
    const first = await send(engine.url, csv, '2026-01-01T00:00:00Z');
    if (first.answer.recorded !== people) throw new Error(`expected ${people} recorded, got ${JSON.stringify(first.answer).slice(0, 500)}`);
    const resend = await send(engine.url, csv, '2026-01-01T00:00:00Z');
    if (resend.answer.recorded !== 0) throw new Error(`a resend recorded ${String(resend.answer.recorded)}`);
    return {
      benchmark: 'hris-snapshot',
      machine: machine(),
      people,
      csvMiB: Number((csv.length / 2 ** 20).toFixed(1)),
      firstSeconds: Number(first.seconds.toFixed(2)),
      resendSeconds: Number(resend.seconds.toFixed(2)),
      serverPeakRssMiB: peakRssMiB(engine.pid),
    };
  } finally {
    await engine.stop();
    dir.remove();
  }
}
