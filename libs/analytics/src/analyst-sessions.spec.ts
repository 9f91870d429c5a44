import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@orghealth/config';
import { AnalystQueueFullError, AnalystSessions, type AnalystScope } from './analyst-sessions.js';
import { openTestAnalytics, type TestAnalytics } from './testing/test-analytics.js';

const filterTo = (orgId: string) => `{'notes': 'org_id = ''${orgId}'''}`;
const ORG_A: AnalystScope = { key: 'a', tableFilters: filterTo('a') };
const ORG_B: AnalystScope = { key: 'b', tableFilters: filterTo('b') };

/*
 * The statements here go to the engine as they are, with no guard in front:
 * what is refused is refused by ClickHouse, under the settings each scope's
 * session locked in before its first statement.
 */
describe('AnalystSessions (embedded): settings the statement cannot change', () => {
  let analytics: TestAnalytics;
  let sessions: AnalystSessions;
  const run = (scope: AnalystScope, sql: string) =>
    sessions.run(scope, async (session) => (await session.query(sql, {}, 'JSONCompact')).json<unknown[]>()).then(({ data }) => data);

  beforeAll(async () => {
    analytics = await openTestAnalytics({ migrated: false });
    await analytics.client.command({ query: 'CREATE TABLE notes (org_id String, text String) ENGINE = MergeTree ORDER BY org_id' });
    await analytics.client.insert({ table: 'notes', values: [{ org_id: 'a', text: 'for a' }, { org_id: 'b', text: 'for b' }], format: 'JSONEachRow' });
    sessions = new AnalystSessions(analytics.config, { ...loadConfig({}).sql, maxRowsToRead: 1_000_000, maxQueuedPerOrg: 3 });
  });
  afterAll(async () => {
    await sessions.close();
    await analytics.dispose();
  });

  it("reads the scope's org only, and every org for the operator's scope", async () => {
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
    expect(await run(ORG_B, 'SELECT text FROM notes')).toEqual([['for b']]);
    expect(await run({ key: '*', tableFilters: '{}' }, 'SELECT text FROM notes ORDER BY text')).toEqual([['for a'], ['for b']]);
  });

  it('runs with readonly = 1 and the configured limits (defaults: 30 s, 1 GiB)', async () => {
    const [settings] = await run(ORG_A, "SELECT getSetting('readonly'), getSetting('max_execution_time'), getSetting('max_memory_usage'), getSetting('max_rows_to_read')");
    expect((settings as unknown[]).map(String)).toEqual(['1', '30', String(2 ** 30), '1000000']);
  });

  it.each([
    // A lone SET would meet the FORMAT clause the client appends; a SELECT after it takes that.
    ['SET of the org filter', "SET additional_table_filters = '{}'; SELECT text FROM notes"],
    ['a SETTINGS clause lifting the filter', 'SELECT text FROM notes SETTINGS additional_table_filters = {}'],
    ['SET of readonly', 'SET readonly = 0; SELECT 1'],
    ['SET of a limit', 'SET max_execution_time = 0; SELECT 1'],
    ['a second statement that lifts the filter', "SELECT 1 WHERE 0; SET additional_table_filters = '{}'; SELECT text FROM notes"],
    ['the file table function', "SELECT * FROM file('/etc/passwd', 'LineAsString')"],
    ['the url table function', "SELECT * FROM url('http://127.0.0.1:9/', 'RawBLOB')"],
    ['the remote table function', "SELECT * FROM remote('127.0.0.1', currentDatabase(), 'notes')"],
    ['the s3 table function', "SELECT * FROM s3('http://127.0.0.1:9/bucket/x.csv', 'CSV')"],
    ['the sqlite table function', "SELECT * FROM sqlite('/tmp/none.sqlite', 'keys')"],
    ['the executable table function', "SELECT * FROM executable('cat /etc/passwd', 'LineAsString', 'line String')"],
    ['a write', "INSERT INTO notes VALUES ('a', 'x')"],
    ['a temporary table', 'CREATE TEMPORARY TABLE t (x UInt8)'],
  ])('has ClickHouse refuse %s', async (_case, sql) => {
    await expect(run(ORG_A, sql)).rejects.toThrow(/readonly/i);
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
    expect(await run(ORG_B, 'SELECT text FROM notes')).toEqual([['for b']]);
  });

  it('stops a statement at the rows limit, and the next one answers afresh', async () => {
    await expect(run(ORG_A, 'SELECT count() FROM numbers(2000000)')).rejects.toThrow(/TOO_MANY_ROWS|Limit for rows/);
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
  });

  it("leaves nothing of a statement that failed part-way in the scope's next answer", async () => {
    await expect(run(ORG_A, 'SELECT throwIf(number = 3) FROM numbers(10)')).rejects.toThrow(/throwIf/);
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
  });

  it("runs one scope's statements one after another, in the order sent", async () => {
    const finished: string[] = [];
    await Promise.all(
      ['first', 'second', 'third'].map((name, index) =>
        sessions.run(ORG_A, async (session) => {
          await session.query(`SELECT sleep(${0.3 - index * 0.1})`, {}, 'JSONCompact');
          finished.push(name);
        }),
      ),
    );
    expect(finished).toEqual(['first', 'second', 'third']);
  });

  it("refuses a scope's statement past its queue's length, and not another scope's", async () => {
    const slow = (scope: AnalystScope) => sessions.run(scope, async (session) => (await session.query('SELECT sleep(0.2)', {}, 'JSONCompact')).json());
    const queued = [slow(ORG_A), slow(ORG_A), slow(ORG_A)];
    await expect(slow(ORG_A)).rejects.toThrow(AnalystQueueFullError);
    await expect(run(ORG_B, 'SELECT text FROM notes')).resolves.toEqual([['for b']]);
    await Promise.all(queued);
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
  });

  it('opens a new session when the scope filters other tables', async () => {
    await analytics.client.command({ query: 'CREATE TABLE more_notes (org_id String, text String) ENGINE = MergeTree ORDER BY org_id' });
    await analytics.client.insert({ table: 'more_notes', values: [{ org_id: 'a', text: 'more a' }, { org_id: 'b', text: 'more b' }], format: 'JSONEachRow' });
    const wider = { key: 'a', tableFilters: `{'notes': 'org_id = ''a''', 'more_notes': 'org_id = ''a'''}` };
    expect(await run(wider, 'SELECT text FROM more_notes')).toEqual([['more a']]);
  });
});

/*
 * No ClickHouse server runs here: a stand-in on 127.0.0.1 records what the
 * client sends (it answers every request with an empty result) and checks
 * that the settings travel with each analyst request.
 */
describe('AnalystSessions (server): the settings go with every request', () => {
  const requests: URLSearchParams[] = [];
  let server: Server;
  let sessions: AnalystSessions;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"meta":[],"data":[],"rows":0}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sessions = new AnalystSessions({ mode: 'server', url: `http://127.0.0.1:${port}`, username: 'default', password: '', database: 'orghealth' }, loadConfig({}).sql);
  });
  afterAll(async () => {
    await sessions.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends readonly = 1, the scope's filter and the limits with each statement", async () => {
    for (const scope of [ORG_A, ORG_B]) await sessions.run(scope, async (session) => (await session.query('SELECT text FROM notes', {}, 'JSONCompact')).json());
    const [a, b] = requests.filter((params) => params.has('readonly'));
    for (const [params, scope] of [[a, ORG_A], [b, ORG_B]] as const) {
      expect(params?.get('readonly')).toBe('1');
      expect(params?.get('additional_table_filters')).toBe(scope.tableFilters);
      expect(params?.get('max_execution_time')).toBe('30');
      expect(params?.get('max_memory_usage')).toBe(String(2 ** 30));
      expect(params?.get('max_rows_to_read')).toBe('100000000');
    }
  });
});
