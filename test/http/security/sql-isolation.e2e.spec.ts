import { checkInHeld, personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const MINE = 'org-a';
const THEIRS = 'org-b';
// Everything of the other org carries this mark, so a leak shows wherever it lands in a result.
const MARK = 'ZZSECRET';
const AT = '2026-01-05T09:00:00Z';

/*
 * Statements an analyst of one org might send to read another org's rows,
 * the files of the server or the network: each must be refused (400) or
 * answer without a trace of the other org.
 */
const HOSTILE = [
  'SELECT * FROM reporting_lines',
  'SELECT * FROM reporting_lines FINAL WHERE org_id != {mine:String}',
  `SELECT * FROM reporting_lines WHERE org_id = '${THEIRS}'`,
  'SELECT DISTINCT org_id FROM check_ins',
  'SELECT * FROM (SELECT * FROM reporting_lines) AS everything',
  'WITH everyone AS (SELECT * FROM reporting_lines) SELECT * FROM everyone',
  'SELECT a.* FROM reporting_lines AS a JOIN check_ins AS b ON a.org_id = b.org_id',
  `SELECT * FROM people_as_of(orgId = '${THEIRS}', asOf = '2026-07-01 00:00:00')`,
  `SELECT * FROM managers_as_of(orgId = '${THEIRS}', asOf = '2026-07-01 00:00:00')`,
  `SELECT * FROM practice_facts_as_of(orgId = '${THEIRS}', asOf = '2026-07-01 00:00:00')`,
  'SELECT * FROM reporting_lines SETTINGS additional_table_filters = {}',
  "SELECT * FROM reporting_lines SETTINGS additional_table_filters = {'reporting_lines': '1'}",
  "SELECT * FROM merge(currentDatabase(), '.*')",
  "SELECT * FROM merge(currentDatabase(), '^reporting')",
  'SELECT * FROM remote(\'127.0.0.1\', currentDatabase(), \'reporting_lines\')',
  "SELECT * FROM file('/etc/passwd', 'LineAsString')",
  "SELECT file('/etc/passwd')",
  "SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')",
  "DESCRIBE TABLE url('http://127.0.0.1:9/', 'CSV')",
  'SELECT * FROM system.parts',
  'SELECT * FROM `system`.`tables`',
  'SELECT * FROM "system"."columns"',
  'SELECT * FROM system.processes',
  'SELECT * FROM system.query_log',
  'SHOW PROCESSLIST',
  'SELECT * FROM dead_letters',
  "SELECT * FROM view(SELECT * FROM reporting_lines)",
  "SELECT * FROM cluster('default', currentDatabase(), 'reporting_lines')",
  "SELECT 1 INTO OUTFILE '/tmp/orghealth-leak.csv'",
  "SELECT * FROM reporting_lines /* comment */ UNION ALL SELECT * FROM reporting_lines",
  "SELECT * FROM input('x String')",
  "SELECT joinGet('reporting_lines', 'person_id', 'x')",
  "SELECT dictGet('d', 'x', 1)",
  'EXPLAIN SELECT * FROM file(\'/etc/passwd\', \'LineAsString\')',
  'SELECT * FROM reporting_lines; SELECT 1',
  'SELECT count() FROM system.one WHERE dummy IN system.tables',
  'SELECT count() FROM system.one WHERE dummy GLOBAL NOT IN system.processes',
];

describe('POST /v1/sql: an org\'s analysts read their own org only', () => {
  let api: TestApp;
  let analyst: string;

  beforeAll(async () => {
    api = await startTestApp();
    const mine = [personJoined('A1', null, AT), personJoined('A2', 'A1', AT), checkInHeld({ leaderId: 'A1', reportId: 'A2', at: '2026-02-01T10:00:00Z' })];
    const theirs = [personJoined(`${MARK}1`, null, AT), personJoined(`${MARK}2`, `${MARK}1`, AT), checkInHeld({ leaderId: `${MARK}1`, reportId: `${MARK}2`, at: '2026-02-01T10:00:00Z' })];
    await postNdjson(`${api.url}/v1/orgs/${MINE}/events/import`, mine.map((event) => JSON.stringify(envelope(event, MINE))));
    await postNdjson(`${api.url}/v1/orgs/${THEIRS}/events/import`, theirs.map((event) => JSON.stringify(envelope(event, THEIRS))));
    await projected(api.url);
    analyst = await createKey(api.url, MINE, 'hr_analyst');
  });
  afterAll(() => api.close());

  const sql = (key: string, statement: string) => call(api.url, 'POST', '/v1/sql', key, { sql: statement, params: { mine: MINE } });

  it('answers an analyst\'s ordinary queries over the tables and views, for their org', async () => {
    const people = await sql(analyst, "SELECT person_id FROM people_as_of(orgId = {mine:String}, asOf = '2026-07-01 00:00:00') ORDER BY person_id");
    expect(people.body.rows).toEqual([['A1'], ['A2']]);
    const checkIns = await sql(analyst, 'SELECT leader_id, count() FROM check_ins FINAL GROUP BY leader_id');
    expect(checkIns.body.rows.map(([leader]: [string]) => leader)).toEqual(['A1']);
    expect((await sql(analyst, 'SELECT number FROM system.numbers LIMIT 3')).body.rows).toHaveLength(3);
  });

  it('lets the operator read every org (the control: the marked rows are there to find)', async () => {
    const { body } = await call(api.url, 'POST', '/v1/sql', (await import('../../support/credentials.js')).TEST_ADMIN_KEY, { sql: 'SELECT person_id FROM reporting_lines' });
    expect(JSON.stringify(body.rows)).toContain(MARK);
  });

  it("answers a membership test about the other org's rows with no, and about its own with yes", async () => {
    const oracle = (orgId: string, personId: string) => sql(analyst, `SELECT ('${orgId}', '${personId}') IN (SELECT org_id, person_id FROM reporting_lines) AS found`);
    expect((await oracle(THEIRS, `${MARK}1`)).body.rows).toEqual([[0]]);
    expect((await oracle(MINE, 'A1')).body.rows).toEqual([[1]]);
  });

  it.each(HOSTILE)('refuses or filters: %s', async (statement) => {
    const { status, body } = await sql(analyst, statement);
    expect([400, 200]).toContain(status);
    expect(JSON.stringify(body)).not.toContain(MARK);
    expect(JSON.stringify(body)).not.toContain(THEIRS);
    expect(JSON.stringify(body)).not.toMatch(/root:|\/etc\/passwd:/);
    if (status === 400) expect(body).toMatchObject({ error: 'bad_request', field: 'sql' });
  });
});
