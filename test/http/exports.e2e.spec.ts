import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAnalyticsClient } from '../../libs/analytics/src/analytics-client.js';
import { checkInHeld, personJoined } from '../../libs/domain/src/testing/builders.js';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { authHeaders } from '../support/credentials.js';
import { parseCsv } from '../support/csv.js';
import { envelope } from '../support/envelopes.js';
import { HAND_COMPUTED_ORG } from '../support/hand-computed-org.js';
import { createKey } from '../support/security.js';
import { tempDir } from '../support/temp-dir.js';
import { getJson, postJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'exports-e2e';
const OTHER = 'exports-other';
const T = '2026-06-30T12:00:00.000Z';
const JOINED = '2026-01-01T00:00:00Z';
const PARQUET = 'application/vnd.apache.parquet';

/** The top layer of this org (the CEO alone) is suppressed at the default threshold of 5. */
const events = HAND_COMPUTED_ORG;
const otherEvents = [
  personJoined('X', null, JOINED),
  personJoined('Y', 'X', JOINED),
  checkInHeld({ leaderId: 'X', reportId: 'Y', at: '2026-06-11T10:00:00Z' }),
];

/** 64-bit integers come as strings in ClickHouse's JSON (the SQL answer's UInt64 counts): compared as numbers. */
const numeric = (rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [name, typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value]),
    ),
  );

describe('CSV and Parquet exports, written by ClickHouse, read back equal to the JSON answers', () => {
  let api: TestApp;
  const files = tempDir('orghealth-exports-');

  /** The file an export answers, after checking its media type and that it is an attachment. */
  async function download(path: string, init: { accept?: string; key?: string; body?: unknown } = {}): Promise<Buffer> {
    const response = await fetch(`${api.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        ...authHeaders(init.key),
        ...(init.accept ? { accept: init.accept } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect({ path, status: response.status, error: response.status === 200 ? '' : bytes.toString('utf8') }).toEqual({
      path,
      status: 200,
      error: '',
    });
    const parquet = init.accept === PARQUET || path.includes('format=parquet');
    expect(response.headers.get('content-type')).toBe(parquet ? PARQUET : 'text/csv');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="[a-z0-9-]+\\.${parquet ? 'parquet' : 'csv'}"$`),
    );
    return bytes;
  }

  /** chDB reads the Parquet file back, in a session of its own on the engine the API runs. */
  async function readParquet(bytes: Buffer): Promise<Record<string, unknown>[]> {
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const path = join(files.path, `${randomUUID()}.parquet`);
    writeFileSync(path, bytes);
    const client = await openAnalyticsClient(api.config.analytics);
    try {
      const answer = await client.query({
        query: 'SELECT * FROM file({path:String}, Parquet)',
        query_params: { path },
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      });
      return await answer.json<Record<string, unknown>>();
    } finally {
      await client.close();
    }
  }

  /** The list's rows in JSON, then the same list as CSV (format=) and Parquet (Accept): all three equal. */
  async function expectExportsEqual(path: string, rowsOf: (body: any) => Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const json = await getJson(`${api.url}${path}`);
    expect(json.status).toBe(200);
    const rows = rowsOf(json.body);
    expect(parseCsv((await download(`${path}&format=csv`)).toString('utf8'))).toEqual(rows);
    expect(await readParquet(await download(path, { accept: PARQUET }))).toEqual(rows);
    expect(parseCsv((await download(path, { accept: 'text/csv, application/json;q=0.5' })).toString('utf8'))).toEqual(rows);
    return rows;
  }

  beforeAll(async () => {
    api = await startTestApp();
    for (const [org, list] of [
      [ORG, events],
      [OTHER, otherEvents],
    ] as const) {
      const { body } = await postNdjson(
        `${api.url}/v1/orgs/${org}/events/import`,
        list.map((event) => JSON.stringify(envelope(event, org))),
      );
      expect(body).toMatchObject({ accepted: list.length, rejected: 0 });
    }
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
  });
  afterAll(async () => {
    await api.close();
    files.remove();
  });

  it('managers: the sorted page, nulls included, in every format', async () => {
    const rows = await expectExportsEqual(
      `/v1/orgs/${ORG}/metrics/managers?asOf=${T}&sort=oneOnOneCoverage&order=desc&limit=2&offset=1`,
      (body) => body.managers,
    );
    expect(rows).toHaveLength(2);
    expect(rows.some((row) => Object.values(row).includes(null))).toBe(true);
  });

  it('managers: an empty page is a header without rows', async () => {
    const path = `/v1/orgs/${ORG}/metrics/managers?asOf=${T}&offset=50&format=csv`;
    expect((await download(path)).toString('utf8').trim().split('\n')).toHaveLength(1);
    expect(await expectExportsEqual(`/v1/orgs/${ORG}/metrics/managers?asOf=${T}&offset=50`, (body) => body.managers)).toEqual([]);
  });

  it('layers: the suppressed layer stays suppressed in the files', async () => {
    const rows = await expectExportsEqual(`/v1/orgs/${ORG}/metrics/layers?asOf=${T}`, (body) => body.layers);
    expect(rows.find((row) => row.layer === 1)).toMatchObject({ suppressed: true, headcount: null, oneOnOneCoverage: null });
  });

  it('layers as an executive: the files carry what the JSON carries after suppression and the differencing guard', async () => {
    const executive = await createKey(api.url, ORG, 'executive', 'CEO');
    const path = `/v1/orgs/${ORG}/metrics/layers?asOf=${T}`;
    const json = await getJson(`${api.url}${path}`, executive);
    expect(json.status).toBe(200);
    expect(parseCsv((await download(`${path}&format=csv`, { key: executive })).toString('utf8'))).toEqual(json.body.layers);
    expect(await readParquet(await download(`${path}&format=parquet`, { key: executive }))).toEqual(json.body.layers);
  });

  it('trend: one row per week', async () => {
    const rows = await expectExportsEqual(
      `/v1/orgs/${ORG}/metrics/trend?metric=oneOnOneCoverage&group=org&from=2026-06-01&to=${T}`,
      (body) => body.points,
    );
    expect(rows.length).toBeGreaterThan(3);
  });

  it("SQL: the analyst's answer as CSV and Parquet, still confined to the caller's org", async () => {
    const analyst = await createKey(api.url, ORG, 'hr_analyst');
    const body = {
      sql: 'SELECT org_id, report_id, count() AS checkIns FROM check_ins FINAL GROUP BY org_id, report_id ORDER BY report_id',
    };
    const json = await postJson(`${api.url}/v1/sql`, body, analyst);
    expect(json.status).toBe(200);
    const rows = numeric(
      json.body.rows.map((row: unknown[]) =>
        Object.fromEntries(json.body.columns.map(({ name }: { name: string }, i: number) => [name, row[i]])),
      ),
    );
    expect(rows).toEqual([
      { org_id: ORG, report_id: 'A1', checkIns: 2 },
      { org_id: ORG, report_id: 'A2', checkIns: 1 },
      { org_id: ORG, report_id: 'VP1', checkIns: 1 },
    ]);
    expect(parseCsv((await download('/v1/sql?format=csv', { key: analyst, body })).toString('utf8'))).toEqual(rows);
    expect(numeric(await readParquet(await download('/v1/sql', { key: analyst, body, accept: PARQUET })))).toEqual(rows);
  });

  it('SQL: a refused statement is the same JSON 400 whatever the format asked', async () => {
    const response = await fetch(`${api.url}/v1/sql?format=csv`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ sql: "SELECT * FROM file('/etc/passwd', CSV)" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request', field: 'sql' });
  });

  it('the OpenAPI document lists both file types beside JSON on every route that exports', async () => {
    const { body } = await getJson(`${api.url}/docs/json`);
    const answers = [
      body.paths['/v1/orgs/{orgId}/metrics/managers'].get,
      body.paths['/v1/orgs/{orgId}/metrics/layers'].get,
      body.paths['/v1/orgs/{orgId}/metrics/trend'].get,
      body.paths['/v1/sql'].post,
    ].map((operation) => Object.keys(operation.responses['200'].content).sort());
    expect(answers).toEqual(Array(4).fill(['application/json', PARQUET, 'text/csv']));
  });

  it('answers 400 naming format for a format it does not write', async () => {
    const { status, body } = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/managers?format=xlsx`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('format');
  });
});
