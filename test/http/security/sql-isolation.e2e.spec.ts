import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInHeld, personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { tempDir } from '../../support/temp-dir.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';
import { hostileStatements, type HostileStatement } from './hostile-sql.js';

const MINE = 'org-a';
const THEIRS = 'org-b';
// Everything of the other org carries this mark, so a leak shows wherever it lands in a result.
const MARK = 'ZZSECRET';
const AT = '2026-01-05T09:00:00Z';

// The engine's data directory and address are known once it runs: the statements name them by these stand-ins.
const DATA_DIR = '@DATA_DIR@';
const API_URL = '@API_URL@';
// A file on the server whose bytes must never reach an analyst; its path is no secret.
const planted = tempDir('orghealth-planted-');
const MARKER_FILE = join(planted.path, 'marker.txt');
const FILE_MARK = 'ZZPLANTEDFILEBYTES';
writeFileSync(MARKER_FILE, `${FILE_MARK}\n`);
// The process's environment as /proc/self/environ holds it (the operator key and every secret of the process live there).
const ENVIRON = readFileSync('/proc/self/environ', 'utf8')
  .split('\0')
  .filter((entry) => entry.length >= 20);
const HOSTILE = hostileStatements({ theirs: THEIRS, markerFile: MARKER_FILE, dataDir: DATA_DIR, apiUrl: API_URL });

describe("POST /v1/sql: an org's analysts read their own org only", () => {
  let api: TestApp;
  let analyst: string;

  beforeAll(async () => {
    api = await startTestApp();
    const mine = [
      personJoined('A1', null, AT),
      personJoined('A2', 'A1', AT),
      checkInHeld({ leaderId: 'A1', reportId: 'A2', at: '2026-02-01T10:00:00Z' }),
    ];
    const theirs = [
      personJoined(`${MARK}1`, null, AT),
      personJoined(`${MARK}2`, `${MARK}1`, AT),
      checkInHeld({ leaderId: `${MARK}1`, reportId: `${MARK}2`, at: '2026-02-01T10:00:00Z' }),
    ];
    await postNdjson(
      `${api.url}/v1/orgs/${MINE}/events/import`,
      mine.map((event) => JSON.stringify(envelope(event, MINE))),
    );
    await postNdjson(
      `${api.url}/v1/orgs/${THEIRS}/events/import`,
      theirs.map((event) => JSON.stringify(envelope(event, THEIRS))),
    );
    await projected(api.url);
    analyst = await createKey(api.url, MINE, 'hr_analyst');
  });
  afterAll(async () => {
    await api.close();
    planted.remove();
  });

  const sql = (key: string, statement: string, params: Record<string, string> = {}) =>
    call(api.url, 'POST', '/v1/sql', key, { sql: statement, params: { mine: MINE, ...params } });
  const aimed = (text: string) => text.replaceAll(DATA_DIR, api.config.dataDir).replaceAll(API_URL, api.url);

  it("answers an analyst's ordinary queries over the tables and views, for their org", async () => {
    const people = await sql(
      analyst,
      "SELECT person_id FROM people_as_of(orgId = {mine:String}, asOf = '2026-07-01 00:00:00') ORDER BY person_id",
    );
    expect(people.body.rows).toEqual([['A1'], ['A2']]);
    const checkIns = await sql(analyst, 'SELECT leader_id, count() FROM check_ins FINAL GROUP BY leader_id');
    expect(checkIns.body.rows.map(([leader]: [string]) => leader)).toEqual(['A1']);
    expect((await sql(analyst, 'SELECT number FROM system.numbers LIMIT 3')).body.rows).toHaveLength(3);
  });

  it('lets the operator read every org (the control: the marked rows are there to find)', async () => {
    const { body } = await call(api.url, 'POST', '/v1/sql', (await import('../../support/credentials.js')).TEST_ADMIN_KEY, {
      sql: 'SELECT person_id FROM reporting_lines',
    });
    expect(JSON.stringify(body.rows)).toContain(MARK);
  });

  it("answers a membership test about the other org's rows with no, and about its own with yes", async () => {
    const oracle = (orgId: string, personId: string) =>
      sql(analyst, `SELECT ('${orgId}', '${personId}') IN (SELECT org_id, person_id FROM reporting_lines) AS found`);
    expect((await oracle(THEIRS, `${MARK}1`)).body.rows).toEqual([[0]]);
    expect((await oracle(MINE, 'A1')).body.rows).toEqual([[1]]);
  });

  it('holds a corpus of at least 100 hostile statements', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(100);
    expect(ENVIRON.length).toBeGreaterThan(0);
  });

  it.each(HOSTILE.map((entry): [string, HostileStatement] => [entry.sql, entry]))('refuses or filters: %s', async (_name, entry) => {
    const { status, body } = await sql(
      analyst,
      aimed(entry.sql),
      Object.fromEntries(Object.entries(entry.params ?? {}).map(([name, value]) => [name, aimed(value)])),
    );
    expect([400, 200]).toContain(status);
    const answer = JSON.stringify(body);
    expect(answer).not.toContain(MARK);
    expect(answer).not.toContain(THEIRS);
    expect(answer).not.toMatch(/root:|\/etc\/passwd:/);
    expect(answer).not.toContain(FILE_MARK);
    for (const entry of ENVIRON) expect(answer).not.toContain(JSON.stringify(entry).slice(1, -1));
    if (status === 400) expect(body).toMatchObject({ error: 'bad_request', field: 'sql' });
  });
});
