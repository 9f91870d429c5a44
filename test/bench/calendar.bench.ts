import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { authHeaders } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { tempDir } from '../support/temp-dir.js';
import { postNdjson } from '../support/test-app.js';
import { machine, peakRssMiB } from './bench-support.js';

const ORG = 'bench-calendar';
const FAN_OUT = 8;
const PER_PAIR = 100;

const managerOf = (i: number) => (i === 0 ? null : `p${Math.floor((i - 1) / FAN_OUT)}`);

/** Every reporting pair's 1:1 as one series of PER_PAIR occurrences in New York time (every third day of 2025), so the file is series to expand. */
async function writeIcs(path: string, people: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//orghealth bench//EN\r\n');
  for (let i = 1; i < people; i++) {
    const day = String(1 + (i % 3)).padStart(2, '0');
    await write(
      [
        'BEGIN:VEVENT',
        `UID:pair-${i}@bench.test`,
        `DTSTART;TZID=America/New_York:202501${day}T100000`,
        `DTEND;TZID=America/New_York:202501${day}T103000`,
        `RRULE:FREQ=DAILY;INTERVAL=3;COUNT=${PER_PAIR}`,
        `ORGANIZER:mailto:${managerOf(i)}@bench.test`,
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:p${i}@bench.test`,
        'END:VEVENT',
        '',
      ].join('\r\n'),
    );
  }
  await write('END:VCALENDAR\r\n');
  await new Promise((resolve) => out.end(resolve));
  return (people - 1) * PER_PAIR;
}

/** Issue target: a calendar export of 1,000,000 occurrences (a 10,000-person org's year) imported in ≤ 60 s, peak memory reported. */
export async function benchCalendar(people = 10_000): Promise<Record<string, number | string>> {
  const dir = tempDir('orghealth-bench-');
  const engine = await EngineProcess.start(dir.path);
  try {
    const joined = Array.from({ length: people }, (_, i) =>
      JSON.stringify({
        eventId: crypto.randomUUID(),
        type: 'PersonJoined',
        orgId: ORG,
        occurredAt: '2024-12-01T00:00:00Z',
        schemaVersion: 1,
        data: { personId: `p${i}`, managerId: managerOf(i), email: `p${i}@bench.test` },
      }),
    );
    const org = await postNdjson(`${engine.url}/v1/orgs/${ORG}/events/import`, joined);
    if (org.body.accepted !== people) throw new Error(`the org did not load: ${JSON.stringify(org.body)}`);
    const file = join(dir.path, 'calendar.ics');
    const occurrences = await writeIcs(file, people);
    const started = process.hrtime.bigint();
    const report = await new Promise<{ read: number; recorded: Record<string, number>; rejected: number }>((resolve, reject) => {
      const req = request(
        `${engine.url}/v1/orgs/${ORG}/sources/calendar?format=ics`,
        { method: 'POST', headers: { 'content-type': 'text/calendar', ...authHeaders() } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode}: ${body}`))));
        },
      );
      req.on('error', reject);
      pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), req).catch(reject);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.read !== occurrences || report.recorded.CheckInHeld !== occurrences)
      throw new Error(`expected ${occurrences} check-ins, got ${JSON.stringify(report)}`);
    return {
      benchmark: 'calendar',
      machine: machine(),
      people,
      occurrences,
      fileMiB: Number((statSync(file).size / 2 ** 20).toFixed(1)),
      seconds: Number(seconds.toFixed(2)),
      occurrencesPerSecond: Math.round(occurrences / seconds),
      serverPeakRssMiB: peakRssMiB(engine.pid),
    };
  } finally {
    await engine.stop();
    dir.remove();
  }
}
