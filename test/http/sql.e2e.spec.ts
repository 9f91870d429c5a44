import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { checkInHeld, personJoined } from '../../libs/domain/src/testing/builders.js';
import { envelope } from '../support/envelopes.js';
import { getJson, postJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'sql-e2e';

describe('POST /v1/sql: read-only SQL over the analytics', () => {
  let api: TestApp;
  const sql = (body: unknown) => postJson(`${api.url}/v1/sql`, body);

  beforeAll(async () => {
    api = await startTestApp();
    const events = [
      personJoined('M', null, '2026-01-01T00:00:00Z'),
      personJoined('R1', 'M', '2026-01-01T00:00:00Z'),
      personJoined('R2', 'M', '2026-01-01T00:00:00Z'),
      checkInHeld({ leaderId: 'M', reportId: 'R1', at: '2026-02-01T10:00:00Z' }),
      checkInHeld({ leaderId: 'M', reportId: 'R2', at: '2026-02-02T10:00:00Z' }),
      checkInHeld({ leaderId: 'M', reportId: 'R1', at: '2026-02-08T10:00:00Z' }),
    ].map((event) => envelope(event, ORG));
    expect(
      (
        await postNdjson(
          `${api.url}/v1/orgs/${ORG}/events/import`,
          events.map((event) => JSON.stringify(event)),
        )
      ).body.accepted,
    ).toBe(6);
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
  });
  afterAll(() => api.close());

  it('answers a query with typed columns and rows, using {name:Type} parameters', async () => {
    const { status, body } = await sql({
      sql: 'SELECT report_id, count() AS checkIns FROM check_ins FINAL WHERE org_id = {org:String} GROUP BY report_id ORDER BY report_id',
      params: { org: ORG },
    });
    expect(status).toBe(200);
    expect(body.columns).toEqual([
      { name: 'report_id', type: 'String' },
      { name: 'checkIns', type: 'UInt64' },
    ]);
    expect(body.rows.map(([report, count]: [string, string | number]) => [report, Number(count)])).toEqual([
      ['R1', 2],
      ['R2', 1],
    ]);
    expect(body).toMatchObject({ rowCount: 2, truncated: false });
  });

  it('caps the rows at maxRows and says the result was truncated', async () => {
    const { body } = await sql({ sql: 'SELECT number FROM system.numbers LIMIT 50', maxRows: 10 });
    expect(body).toMatchObject({ rowCount: 10, truncated: true });
    expect(body.rows).toHaveLength(10);
  });

  it('refuses writes: the analytics are derived from events and only the projector writes them', async () => {
    for (const statement of [
      "INSERT INTO check_ins (org_id, event_id) VALUES ('x', 'y')",
      'DROP TABLE check_ins',
      'TRUNCATE TABLE feedback',
    ]) {
      const { status, body } = await sql({ sql: statement });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'bad_request', field: 'sql' });
      expect(body.message).toMatch(/readonly/i);
    }
    const { body } = await sql({ sql: 'SELECT count() AS n FROM check_ins FINAL WHERE org_id = {org:String}', params: { org: ORG } });
    expect(Number(body.rows[0][0])).toBe(3);
  });

  it("leaves the projector writing: analysts' read-only sessions never reach its connection", async () => {
    await sql({ sql: 'SELECT 1' });
    const later = envelope(checkInHeld({ leaderId: 'M', reportId: 'R2', at: '2026-03-01T10:00:00Z' }), ORG);
    expect((await postJson(`${api.url}/v1/orgs/${ORG}/events`, later)).status).toBe(201);
    await eventually(
      async () => {
        const { body } = await sql({ sql: 'SELECT count() FROM check_ins FINAL WHERE org_id = {org:String}', params: { org: ORG } });
        expect(Number(body.rows[0][0])).toBe(4);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect((await getJson(`${api.url}/health`)).body.analytics.lastError).toBeNull();
  });

  it('answers 400 naming why for more than one statement, and runs one with a trailing ;', async () => {
    for (const statement of [
      'SELECT 1; SELECT 2',
      "SELECT 1 WHERE 0; SET additional_table_filters = '{}'",
      'SELECT 1;\n-- done\nSELECT 2',
    ]) {
      const { status, body } = await sql({ sql: statement });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'bad_request', field: 'sql' });
      expect(body.message).toMatch(/^the query is refused: one statement per request/);
    }
    const hidden = await sql({ sql: "SELECT 1 # it's\n; SELECT 2 --'" });
    expect(hidden.body.message).toMatch(/# is only accepted inside quotes/);
    const trailing = await sql({ sql: "SELECT 'a;b' AS text; -- done" });
    expect(trailing.body.rows).toEqual([['a;b']]);
  });

  it("answers 400 with ClickHouse's reason for a bad statement, and for a bad request body", async () => {
    const syntax = await sql({ sql: 'SELEC 1' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.message).toMatch(/^the query failed: .*Syntax error/);
    expect(syntax.body.message).not.toMatch(/\/work\/|\n/);
    const empty = await sql({ sql: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0].path).toBe('sql');
  });
});
