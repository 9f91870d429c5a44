import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { SqliteEventStore } from '../../libs/event-store/src/index.js';
import { EngineProcess } from '../support/engine-process.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { demoLines } from '../support/demo-lines.js';
import { getJson } from '../support/test-app.js';
import { freePort } from '../support/webhook-receiver.js';

describe('the orghealth CLI', () => {
  const dir = tempDir();
  let engine: EngineProcess;
  beforeAll(async () => {
    engine = await EngineProcess.start(join(dir.path, 'data'));
  });
  afterAll(async () => {
    await engine.stop();
    dir.remove();
  });

  it('explains itself: an overview, and usage for each command', async () => {
    const overview = await runCli(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/import\s+import an NDJSON file/);
    expect(overview.stdout).toMatch(/demo\s+generate a demo org/);
    const usage = await runCli(['import', '--help']);
    expect(usage).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: orghealth import FILE --org ORG_ID/) });
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command frobnicate/);
  });

  it('refuses a wrong call with the reason and the usage (exit 2)', async () => {
    const noOrg = await runCli(['import', 'events.ndjson']);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/--org is required[\s\S]*usage: orghealth import/);
    const badPeople = await runCli(['demo', '--out', join(dir.path, 'x.ndjson'), '--people', 'many']);
    expect(badPeople.code).toBe(2);
    expect(badPeople.stderr).toMatch(/--people must be a positive whole number/);
  });

  it('generates a demo org file and imports it with a progress report; a resend is all duplicates', async () => {
    const file = join(dir.path, 'demo.ndjson');
    const demo = await runCli(['demo', '--out', file, '--org', 'cli-org', '--people', '60', '--end', '2026-10-31T00:00:00Z']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/org cli-org, 6\d people/);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeGreaterThan(1000);

    const first = await runCli(['import', file, '--org', 'cli-org', '--url', engine.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${lines} lines: ${lines} accepted, 0 duplicates, 0 rejected`);
    expect(first.stderr).toMatch(/import .*\[#+\] 100% [\d,]+ events, [\d,]+\/s/);
    expect((await getJson(`${engine.url}/v1/orgs/cli-org/org-chart`)).body.headcount).toBeGreaterThan(50);

    const again = await runCli(['import', file, '--org', 'cli-org'], { ORGHEALTH_URL: engine.url });
    expect(again.stdout).toContain(`${lines} lines: 0 accepted, ${lines} duplicates, 0 rejected`);
  });

  it('runs read-only SQL over the analytics and prints a table or CSV', async () => {
    await eventually(async () => expect((await getJson(`${engine.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const query =
      'SELECT org_id, count() AS people FROM reporting_lines FINAL WHERE org_id = {org:String} AND change = {change:String} GROUP BY org_id';
    const table = await runCli(['sql', query, '--param', 'org=cli-org', '--param', 'change=joined', '--url', engine.url]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^org_id\s+│ people\n─+┼─+\ncli-org │ \d+/);
    expect(table.stderr).toMatch(/^1 row\n/);
    const csv = await runCli(['sql', query, '--csv', '--param', 'org=cli-org', '--param', 'change=joined', '--url', engine.url]);
    expect(csv.stdout).toMatch(/^org_id,people\ncli-org,\d+\n$/);
    const refused = await runCli(['sql', 'DROP TABLE check_ins', '--url', engine.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/readonly/i);
  });

  it('rebuilds the analytics from the events with a progress bar, and every table holds what it held', async () => {
    const census = async () =>
      (
        await runCli([
          'sql',
          "SELECT table, sum(rows) FROM (SELECT 'check_ins' AS table, count() AS rows FROM check_ins FINAL UNION ALL SELECT 'feedback', count() FROM feedback FINAL UNION ALL SELECT 'reporting_lines', count() FROM reporting_lines FINAL UNION ALL SELECT 'decisions', count() FROM decisions FINAL) GROUP BY table ORDER BY table",
          '--csv',
          '--url',
          engine.url,
        ])
      ).stdout;
    const before = await census();
    expect(before.split('\n').length).toBeGreaterThanOrEqual(5);
    const rebuilt = await runCli(['rebuild', '--url', engine.url]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/rebuilt the analytics from \d+ events in [\d.]+ s/);
    expect(rebuilt.stderr).toMatch(/rebuild \[#+\] 100%/);
    expect(await census()).toBe(before);
  });

  it('lists dead letters with the reason, and says so when there are none', async () => {
    const none = await runCli(['dead-letters', '--url', engine.url]);
    expect(none).toMatchObject({ code: 0, stdout: expect.stringMatching(/^no dead letters: the projector handled every event/) });
    // An event of a type from a future version, written by another process straight into the store file.
    const store = SqliteEventStore.open({ file: join(dir.path, 'data', 'events.sqlite') });
    try {
      await store.append(
        'org-from-the-future',
        [
          {
            eventId: randomUUID(),
            type: 'MoodRecorded',
            orgId: 'from-the-future',
            occurredAt: '2026-10-01T00:00:00Z',
            recordedAt: '2026-10-01T00:00:00Z',
            schemaVersion: 1,
            data: {},
          },
        ],
        'no_stream',
      );
    } finally {
      await store.close();
    }
    await eventually(async () => expect((await getJson(`${engine.url}/health`)).body.projector).toMatchObject({ lag: 0, deadLetters: 1 }), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const listed = await runCli(['dead-letters', '--url', engine.url]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/MoodRecorded │ .*unknown event type/i);
  });

  it('lists rejected lines with their numbers and exits 2', async () => {
    const file = join(dir.path, 'bad.ndjson');
    writeFileSync(file, 'not json\n{"type":"PersonJoined"}\n');
    const { code, stdout } = await runCli(['import', file, '--org', 'cli-org', '--url', engine.url]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/2 lines: 0 accepted, 0 duplicates, 2 rejected/);
    expect(stdout).toMatch(/line 1: malformed JSON/);
    expect(stdout).toMatch(/line 2: /);
  });

  it('says so plainly when the engine cannot be reached (exit 1)', async () => {
    const file = join(dir.path, 'bad.ndjson');
    const { code, stderr } = await runCli(['import', file, '--org', 'cli-org', '--url', 'http://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach the engine at http:\/\/127\.0\.0\.1:9/);
  });

  it('tells its version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toMatchObject({ code: 0, stdout: `orghealth ${version}\n` });
  });

  it('says which URL it tried and how to change it when the engine cannot be reached', async () => {
    const nothing = `http://127.0.0.1:${await freePort()}`;
    const viaFlag = await runCli(['sql', 'SELECT 1', '--url', nothing]);
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.stderr).toContain(
      `cannot reach the engine at ${nothing} (ECONNREFUSED): start it (npm start), or point the CLI at it with --url URL or ORGHEALTH_URL=URL`,
    );
    const viaEnv = await runCli(['dead-letters'], { ORGHEALTH_URL: nothing });
    expect(viaEnv.stderr).toContain(`cannot reach the engine at ${nothing} (ECONNREFUSED)`);
  });

  it('names ORGHEALTH_API_KEY when the engine wants credentials (exit 2)', async () => {
    // An empty data directory: no admin key of a local engine to fall back on.
    const nowhere = join(dir.path, 'no-engine-here');
    const without = await runCli(['sql', 'SELECT 1', '--url', engine.url], { ORGHEALTH_API_KEY: '', ORGHEALTH_DATA_DIR: nowhere });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/refused \(401\)[\s\S]*no key was sent: set ORGHEALTH_API_KEY/);
    const wrong = await runCli(['sql', 'SELECT 1', '--url', engine.url], { ORGHEALTH_API_KEY: 'not-a-key', ORGHEALTH_DATA_DIR: nowhere });
    expect(wrong.stderr).toMatch(/ORGHEALTH_API_KEY is not a valid key for this engine/);
  });

  it('stops at the first line when --org is not the org of the file, sending nothing (exit 2)', async () => {
    const file = join(dir.path, 'other-org.ndjson');
    writeFileSync(file, `${demoLines({ orgId: 'other-org', totalEvents: 5000 }).lines.slice(0, 50).join('\n')}\n`);
    const before = (await getJson(`${engine.url}/health`)).body.eventStore.headPosition;
    const { code, stdout, stderr } = await runCli(['import', file, '--org', 'cli-org', '--url', engine.url]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--org cli-org: the file's first line belongs to org other-org; every line must belong to --org \(nothing was sent\)/,
    );
    expect(stdout).not.toMatch(/rejected/);
    expect((await getJson(`${engine.url}/health`)).body.eventStore.headPosition).toBe(before);
  });

  it('counts progress in lines committed', async () => {
    const file = join(dir.path, 'progress.ndjson');
    // The first 120 events of a generated org: its first people join before anything refers to them.
    const lines = demoLines({ orgId: 'progress-org', totalEvents: 5000 }).lines.slice(0, 120);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, stderr } = await runCli(['import', file, '--org', 'progress-org', '--url', engine.url]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/\] 100% 120 events, [\d,]+\/s, 120 of 120 lines committed/);
  });

  it("names the field of an engine's refusal (exit 2)", async () => {
    const { code, stderr } = await runCli(['keys', 'create', '--org', 'cli-org', '--role', 'manager', '--url', engine.url]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/refused \(400\): personId: .*\n\s+personId: /);
    const sql = await runCli(['sql', 'SELECT * FROM nowhere_at_all', '--url', engine.url]);
    expect(sql.code).toBe(2);
    expect(sql.stderr).toMatch(/\[field: sql\]/);
  });

  it('says on stderr when a CSV answer was cut at --max-rows', async () => {
    const query = 'SELECT number FROM system.numbers LIMIT 5';
    const cut = await runCli(['sql', query, '--csv', '--max-rows', '2', '--url', engine.url]);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toBe('number\n0\n1\n');
    expect(cut.stderr).toMatch(/^2 rows \(truncated at 2: raise --max-rows\)\n$/);
    const whole = await runCli(['sql', query, '--csv', '--max-rows', '10', '--url', engine.url]);
    expect(whole.stderr).toBe('5 rows\n');
  });

  const csvFile = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };
  const sync = (path: string, ...options: string[]) => runCli(['hris', 'sync', path, '--org', 'hris-cli', '--url', engine.url, ...options]);

  it('hris sync: previews, records, and records nothing on a resend, with a readable summary', async () => {
    const people = csvFile('people.csv', 'employee_id,manager_id,department\nE1,,Exec\nE2,E1,Sales\nE3,E2,Sales\n');
    const preview = await sync(people, '--effective-at', '2026-01-01T00:00:00Z', '--dry-run');
    expect(preview).toMatchObject({ code: 0, stdout: expect.stringContaining('3 join, 0 change manager, 0 leave, 0 have other changes') });
    expect(preview.stdout).toContain('dry run: nothing recorded');

    const applied = await sync(people, '--effective-at', '2026-01-01T00:00:00Z');
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('recorded 3, already there 0, rejected 0') });
    const chart = (await getJson(`${engine.url}/v1/orgs/hris-cli/org-chart?asOf=2026-01-01T00:00:00Z`)).body;
    expect(chart.people.map((person: { personId: string }) => person.personId)).toEqual(['E1', 'E2', 'E3']);

    const again = await sync(people, '--effective-at', '2026-01-01T00:00:00Z');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('recorded 0, already there 0, rejected 0') });
  });

  it('hris sync: lists a refused file by row and column (exit 2), and asks for what is missing', async () => {
    const broken = csvFile('broken.csv', 'employee_id,manager_id\nE1,\nE2,E9\n');
    const refused = await sync(broken, '--effective-at', '2026-02-01T00:00:00Z');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('row 3, column manager_id: manager_id E9 is not in the file');
    const noInstant = await sync(broken);
    expect(noInstant.code).toBe(2);
    expect(noInstant.stderr).toMatch(/--effective-at is required[\s\S]*usage: orghealth hris sync/);
  });
});
