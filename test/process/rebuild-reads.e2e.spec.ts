import { personJoined } from '../../libs/domain/src/testing/builders.js';
import { analyticsReady, projected, sql } from '../support/analytics-snapshot.js';
import { authHeaders } from '../support/credentials.js';
import { demoLines } from '../support/demo-lines.js';
import { killableEngines, NO_ALERT_EVALUATION } from '../support/engine-process.js';
import { envelope } from '../support/envelopes.js';
import { getJson, postJson, postNdjson } from '../support/test-app.js';

const ORG = 'rebuild-reads-e2e';
const TOTAL_EVENTS = 40_000;
const AS_OF = '2026-10-31T00:00:00Z';
const READ_EVERY_MS = 100;

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Answer {
  org: { status: number; body: unknown };
  layers: { status: number; body: unknown };
}

/** What a dashboard shows of the org: its metrics and its layers' at AS_OF. */
async function read(url: string): Promise<Answer> {
  const base = `${url}/v1/orgs/${ORG}/metrics`;
  const q = `asOf=${encodeURIComponent(AS_OF)}`;
  const [org, layers] = await Promise.all([getJson(`${base}/org?${q}`), getJson(`${base}/layers?${q}`)]);
  return { org, layers };
}

/** Reads every READ_EVERY_MS until stopped; each answer with the instant it was asked. */
function readContinuously(url: string): { stop: () => Promise<(Answer & { at: number })[]> } {
  const answers: (Answer & { at: number })[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      answers.push({ at, ...(await read(url)) });
      await wait(Math.max(0, READ_EVERY_MS - (Date.now() - at)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return answers;
    },
  };
}

/**
 * Starts a rebuild and reads its NDJSON progress lines as they come, calling
 * `onLine` with each; resolves with the last line (or undefined when the
 * engine died first).
 */
async function rebuildFollowing(url: string, onLine: (line: any) => void | Promise<void>): Promise<any> {
  const response = await fetch(`${url}/v1/admin/rebuild`, { method: 'POST', headers: authHeaders() }).catch(() => undefined);
  if (!response?.body) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let last: any;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return last;
      buffered += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        last = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        await onLine(last);
      }
    }
  } catch {
    return last;
  }
}

/** When the live checkpoint was last saved: before a rebuild began for the old tables, during it for the rebuilt ones. */
async function checkpointSavedAt(url: string): Promise<number> {
  const [[savedAt]] = (await sql(
    url,
    "SELECT toUnixTimestamp64Milli(max(saved_at)) FROM projector_checkpoints WHERE projector = 'analytics'",
  )) as [[number | string]];
  return Number(savedAt);
}

describe('rebuilds never stop the reads', () => {
  const engines = killableEngines(NO_ALERT_EVALUATION);
  const start = async (dataDir: string) => {
    const engine = await engines.start(dataDir);
    await analyticsReady(engine.url);
    return engine;
  };
  const kill = engines.kill;

  const importedOrg = async () => {
    const dir = engines.dataDir();
    const engine = await start(dir.path);
    const { lines } = demoLines({ orgId: ORG, totalEvents: TOTAL_EVENTS });
    expect((await postNdjson(`${engine.url}/v1/orgs/${ORG}/events/import`, lines)).body).toMatchObject({
      accepted: lines.length,
      rejected: 0,
    });
    await projected(engine.url);
    return { dir, engine };
  };

  it('while a generated org is rebuilt, /metrics/org and /metrics/layers read every 100 ms answer 200 with the numbers of before or of after', async () => {
    const { engine } = await importedOrg();
    const before = await read(engine.url);
    expect([before.org.status, before.layers.status]).toEqual([200, 200]);
    expect((before.org.body as any).headcount).toBeGreaterThan(0);

    // A newcomer under the top of the org, recorded while the rebuild replays: the numbers after it differ from those before.
    const [[top]] = (await sql(
      engine.url,
      "SELECT person_id FROM people_as_of(orgId = {org:String}, asOf = {asOf:DateTime64(3, 'UTC')}) WHERE layer = 1 LIMIT 1",
      {
        org: ORG,
        asOf: AS_OF.replace('T', ' ').replace('Z', ''),
      },
    )) as [[string]];
    const newcomer = envelope(personJoined('NEWCOMER', top, '2026-10-30T09:00:00Z'), ORG);

    const reads = readContinuously(engine.url);
    await wait(300);
    const rebuildStarted = Date.now();
    let recorded = false;
    const done = await rebuildFollowing(engine.url, async (line) => {
      if (line.type !== 'progress' || recorded) return;
      recorded = true;
      expect((await postJson(`${engine.url}/v1/orgs/${ORG}/events`, newcomer)).status).toBe(201);
    });
    const rebuildDone = Date.now();
    await projected(engine.url);
    await wait(300);
    const answers = await reads.stop();
    const after = await read(engine.url);

    const during = answers.filter(({ at }) => at >= rebuildStarted && at <= rebuildDone);
    expect(during.length).toBeGreaterThanOrEqual(5);
    // Each answer on its own: the live tables take the newcomer during the replay, and it may land between the two reads.
    const beforeOrAfter = (answer: unknown, endpoint: 'org' | 'layers') =>
      [before, after].some((side) => JSON.stringify(side[endpoint]) === JSON.stringify(answer));
    for (const { at, org, layers } of answers) {
      expect({ at, statuses: [org.status, layers.status] }).toEqual({ at, statuses: [200, 200] });
      expect({ at, org: beforeOrAfter(org, 'org'), layers: beforeOrAfter(layers, 'layers') }).toEqual({ at, org: true, layers: true });
    }
    expect(done).toMatchObject({ type: 'done', projected: done.total });
    expect(done.total).toBeGreaterThan(TOTAL_EVENTS);
    expect((after.org.body as any).headcount).toBe((before.org.body as any).headcount + 1);
    // The new tables serve: their checkpoint was saved by the rebuild.
    expect(await checkpointSavedAt(engine.url)).toBeGreaterThanOrEqual(rebuildStarted);
    // Both sides were seen: the reads went on through the change.
    expect(answers.some(({ org }) => JSON.stringify(org) === JSON.stringify(before.org))).toBe(true);
    expect(answers.some(({ org }) => JSON.stringify(org) === JSON.stringify(after.org))).toBe(true);
    await kill(engine);
  }, 600_000);

  it('a SIGKILL at any moment of a rebuild leaves the old tables serving the old numbers after the restart, and the rebuild runs again', async () => {
    const imported = await importedOrg();
    const { dir } = imported;
    let engine = imported.engine;
    const before = await read(engine.url);
    expect([before.org.status, before.layers.status]).toEqual([200, 200]);

    // Killed as the replay begins, part-way through it, and as it reaches the head (the swap follows at once).
    // (The replay moves a 20,000-event batch at a time: one progress line at least falls between the two.)
    const killWhen: { name: string; at: (line: any) => boolean }[] = [
      { name: 'first progress line', at: () => true },
      { name: 'part-way', at: (line) => line.type === 'progress' && line.projected > 0 && line.projected < line.total },
      { name: 'replay at the head', at: (line) => line.type === 'progress' && line.projected === line.total },
    ];
    const landed: { name: string; oldTablesServe: boolean; projected: number; total: number }[] = [];
    for (const { name, at } of killWhen) {
      const rebuildStarted = Date.now();
      let killing: Promise<void> | undefined;
      let lastLine: any;
      await rebuildFollowing(engine.url, (line) => {
        if (killing) return;
        lastLine = line;
        if (at(line)) killing = kill(engine);
      });
      expect(killing).toBeDefined();
      await killing;
      engine = await start(dir.path);
      await projected(engine.url);
      const oldTablesServe = (await checkpointSavedAt(engine.url)) < rebuildStarted;
      landed.push({ name, oldTablesServe, projected: lastLine.projected, total: lastLine.total });
      expect({ name, after: await read(engine.url) }).toEqual({ name, after: before });
    }
    // Every kill before the swap left the old tables (the last one may land just after it: then the new ones, whole, serve).
    expect(landed.slice(0, 2)).toEqual([
      expect.objectContaining({ oldTablesServe: true }),
      expect.objectContaining({ oldTablesServe: true }),
    ]);
    expect(landed[1]!.projected).toBeLessThan(landed[1]!.total);

    const rebuildStarted = Date.now();
    const done = await rebuildFollowing(engine.url, () => undefined);
    expect(done).toMatchObject({ type: 'done', projected: done.total });
    expect(await checkpointSavedAt(engine.url)).toBeGreaterThanOrEqual(rebuildStarted);
    expect(await read(engine.url)).toEqual(before);
    await kill(engine);
  }, 600_000);
});
