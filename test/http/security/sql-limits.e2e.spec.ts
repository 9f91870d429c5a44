import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const AT = '2026-01-05T09:00:00Z';
// Burns CPU until the time limit stops it: system.numbers never ends, and the rows limit here is far away.
const ENDLESS = 'SELECT count() FROM system.numbers WHERE NOT ignore(sipHash64(number))';

describe("POST /v1/sql: one analyst's query cannot hold up or change another's", () => {
  let api: TestApp;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApp({
      ORGHEALTH_SQL_MAX_SECONDS: '2',
      ORGHEALTH_SQL_MAX_MEMORY_BYTES: String(64 * 1024 * 1024),
      ORGHEALTH_SQL_MAX_ROWS_TO_READ: String(1e11),
      ORGHEALTH_SQL_QUEUE_PER_ORG: '2',
    });
    for (const org of ['org-a', 'org-b']) {
      await postNdjson(`${api.url}/v1/orgs/${org}/events/import`, [JSON.stringify(envelope(personJoined(`${org}-boss`, null, AT), org))]);
    }
    await projected(api.url);
    for (const org of ['org-a', 'org-b']) keys[org] = await createKey(api.url, org, 'hr_analyst');
  });
  afterAll(() => api.close());

  const sql = (org: string, statement: string) => call(api.url, 'POST', '/v1/sql', keys[org]!, { sql: statement });
  /** When (ms after `start`) the call answered, and its answer. */
  const timed = async <T>(start: number, answer: Promise<T>) => ({ ...(await answer), at: performance.now() - start });

  it("answers /health and other orgs while an org's query runs into its time limit; that org's next query waits its turn, and one more is refused", async () => {
    const start = performance.now();
    const endless = timed(start, sql('org-a', ENDLESS));
    const sameOrg = timed(start, sql('org-a', 'SELECT person_id FROM reporting_lines FINAL'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const overflow = await sql('org-a', 'SELECT 1');
    const health = await timed(start, getJson(`${api.url}/health`));
    const otherOrg = await timed(start, sql('org-b', 'SELECT person_id FROM reporting_lines FINAL'));
    const [stopped, queued] = await Promise.all([endless, sameOrg]);

    expect(overflow.status).toBe(429);
    expect(overflow.body).toMatchObject({ error: 'too_many_requests', field: 'sql' });
    expect(overflow.body.message).toMatch(/2 statements of this org are already running or waiting/);
    expect(stopped.status).toBe(400);
    expect(stopped.body.message).toMatch(/TIMEOUT_EXCEEDED|Timeout exceeded/);
    expect(stopped.at).toBeGreaterThan(2000);
    expect(health.status).toBe(200);
    expect(health.at).toBeLessThan(stopped.at);
    expect(otherOrg.body.rows).toEqual([['org-b-boss']]);
    expect(otherOrg.at).toBeLessThan(stopped.at);
    expect({ status: queued.status, message: queued.body.message, rows: queued.body.rows }).toEqual({
      status: 200,
      message: undefined,
      rows: [['org-a-boss']],
    });
    expect(queued.at).toBeGreaterThanOrEqual(stopped.at);
  });

  it('stops a statement at the memory limit and at the rows limit, and the org reads normally after', async () => {
    const memory = await sql('org-a', 'SELECT length(range(100000000))');
    expect(memory.status).toBe(400);
    expect(memory.body.message).toMatch(/MEMORY_LIMIT_EXCEEDED|memory limit/i);
    const rows = await sql('org-a', 'SELECT count() FROM numbers(200000000000)');
    expect(rows.status).toBe(400);
    expect(rows.body.message).toMatch(/TOO_MANY_ROWS|Limit for rows/);
    expect((await sql('org-a', 'SELECT person_id FROM reporting_lines FINAL')).body.rows).toEqual([['org-a-boss']]);
  });

  it("runs every org under its own filter and the configured limits, whatever another org's analyst sent before", async () => {
    await sql('org-a', "SELECT 1 WHERE 0; SET additional_table_filters = '{}'");
    await sql('org-a', 'SELECT person_id FROM reporting_lines SETTINGS additional_table_filters = {}');
    const settings =
      "SELECT getSetting('readonly'), getSetting('max_execution_time'), getSetting('max_memory_usage'), getSetting('max_rows_to_read'), getSetting('additional_table_filters')";
    for (const org of ['org-a', 'org-b']) {
      const { body } = await sql(org, settings);
      const [readonly, seconds, memory, rowsToRead, filters] = (body.rows[0] as unknown[]).map((value) =>
        typeof value === 'object' ? JSON.stringify(value) : String(value),
      );
      expect([readonly, seconds, memory, rowsToRead]).toEqual(['1', '2', String(64 * 1024 * 1024), String(1e11)]);
      expect(filters).toContain(org);
      expect(filters).not.toContain(org === 'org-a' ? 'org-b' : 'org-a');
      expect((await sql(org, 'SELECT person_id FROM reporting_lines FINAL')).body.rows).toEqual([[`${org}-boss`]]);
    }
  });
});
