import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AnalyticsConfig } from '@orghealth/config';
import { AnalystQueueFullError, AnalystSessions, AnalystUserError, type AnalystScope } from './analyst-sessions.js';
import { analystPassword, analystUserDdl, analystUserName } from './analyst-users.js';
import { openTestAnalytics, type TestAnalytics } from './testing/test-analytics.js';

const filterTo = (orgId: string) => `{'notes': 'org_id = ''${orgId}'''}`;
const NOTES = { withOrg: ['notes'], readable: ['notes'] };
const ORG_A: AnalystScope = { key: 'a', tableFilters: filterTo('a'), tables: NOTES };
const ORG_B: AnalystScope = { key: 'b', tableFilters: filterTo('b'), tables: NOTES };
const OPERATOR: AnalystScope = { key: '*', tableFilters: '{}', tables: NOTES };

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
    await analytics.client.insert({
      table: 'notes',
      values: [
        { org_id: 'a', text: 'for a' },
        { org_id: 'b', text: 'for b' },
      ],
      format: 'JSONEachRow',
    });
    sessions = new AnalystSessions(analytics.config, { ...loadConfig({}).sql, maxRowsToRead: 1_000_000, maxQueuedPerOrg: 3 });
  });
  afterAll(async () => {
    await sessions.close();
    await analytics.dispose();
  });

  it("reads the scope's org only, and every org for the operator's scope", async () => {
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
    expect(await run(ORG_B, 'SELECT text FROM notes')).toEqual([['for b']]);
    expect(await run(OPERATOR, 'SELECT text FROM notes ORDER BY text')).toEqual([['for a'], ['for b']]);
  });

  it('runs with readonly = 1 and the configured limits (defaults: 30 s, 1 GiB)', async () => {
    const [settings] = await run(
      ORG_A,
      "SELECT getSetting('readonly'), getSetting('max_execution_time'), getSetting('max_memory_usage'), getSetting('max_rows_to_read')",
    );
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
    const slow = (scope: AnalystScope) =>
      sessions.run(scope, async (session) => (await session.query('SELECT sleep(0.2)', {}, 'JSONCompact')).json());
    const queued = [slow(ORG_A), slow(ORG_A), slow(ORG_A)];
    await expect(slow(ORG_A)).rejects.toThrow(AnalystQueueFullError);
    await expect(run(ORG_B, 'SELECT text FROM notes')).resolves.toEqual([['for b']]);
    await Promise.all(queued);
    expect(await run(ORG_A, 'SELECT text FROM notes')).toEqual([['for a']]);
  });

  it('opens a new session when the scope filters other tables', async () => {
    await analytics.client.command({ query: 'CREATE TABLE more_notes (org_id String, text String) ENGINE = MergeTree ORDER BY org_id' });
    await analytics.client.insert({
      table: 'more_notes',
      values: [
        { org_id: 'a', text: 'more a' },
        { org_id: 'b', text: 'more b' },
      ],
      format: 'JSONEachRow',
    });
    const wider = {
      key: 'a',
      tableFilters: `{'notes': 'org_id = ''a''', 'more_notes': 'org_id = ''a'''}`,
      tables: { withOrg: ['more_notes', 'notes'], readable: ['more_notes', 'notes'] },
    };
    expect(await run(wider, 'SELECT text FROM more_notes')).toEqual([['more a']]);
  });
});

/*
 * No ClickHouse server runs here: a stand-in on 127.0.0.1 records what the
 * client sends (it answers every request with an empty result) and checks
 * that the settings travel with each analyst request.
 */
describe('AnalystSessions (server, CLICKHOUSE_ANALYST_ISOLATION=settings): the settings go with every request', () => {
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
    sessions = new AnalystSessions(
      {
        mode: 'server',
        url: `http://127.0.0.1:${port}`,
        username: 'default',
        password: '',
        database: 'orghealth',
        analysts: { isolation: 'settings' },
      },
      loadConfig({}).sql,
    );
  });
  afterAll(async () => {
    await sessions.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends readonly = 1, the scope's filter and the limits with each statement", async () => {
    for (const scope of [ORG_A, ORG_B])
      await sessions.run(scope, async (session) => (await session.query('SELECT text FROM notes', {}, 'JSONCompact')).json());
    const [a, b] = requests.filter((params) => params.has('readonly'));
    for (const [params, scope] of [
      [a, ORG_A],
      [b, ORG_B],
    ] as const) {
      expect(params?.get('readonly')).toBe('1');
      expect(params?.get('additional_table_filters')).toBe(scope.tableFilters);
      expect(params?.get('max_execution_time')).toBe('30');
      expect(params?.get('max_memory_usage')).toBe(String(2 ** 30));
      expect(params?.get('max_rows_to_read')).toBe('100000000');
    }
  });
});

/*
 * No ClickHouse server runs here: a stand-in on 127.0.0.1 records who each
 * request authenticates as, its SQL and its URL parameters, and answers with
 * an empty result (or, when told, with ClickHouse's refusal of a password).
 * What this shows: the engine sends the users' DDL with its own credentials,
 * once per org and tables, and each analyst statement with its org user's
 * credentials and no setting. What it does not: that a real server accepts
 * the DDL (analyst-users.spec.ts has chDB's parser read it) and enforces it.
 */
describe('AnalystSessions (server, CLICKHOUSE_ANALYST_ISOLATION=users): each org runs as its own ClickHouse user', () => {
  interface Recorded {
    user: string;
    password: string;
    sql: string;
    params: URLSearchParams;
  }
  const ENGINE = { username: 'orghealth_engine', password: 'engine-password' };
  const SECRET = 'an-analyst-secret-of-at-least-32-characters';
  const limits = loadConfig({}).sql;
  let requests: Recorded[] = [];
  /** Users whose next statement the stand-in refuses as ClickHouse refuses a wrong password. */
  const refuseNext = new Set<string>();
  /** When set, the stand-in refuses the users' DDL as a server refuses an engine user without access management. */
  let refuseSetUp = false;
  let server: Server;
  let url: string;
  let dir: string;
  let sessions: AnalystSessions;

  const config = (analysts: { secret: string | undefined }): AnalyticsConfig => ({
    mode: 'server',
    url,
    ...ENGINE,
    database: 'orghealth',
    analysts: { isolation: 'users', secret: analysts.secret, secretFile: join(dir, 'clickhouse-analyst.secret') },
  });
  const query = (target: AnalystSessions, scope: AnalystScope, sql = 'SELECT text FROM notes') =>
    target.run(scope, async (session) => (await session.query(sql, { mine: scope.key }, 'JSONCompact')).json());
  const ddl = (scope: AnalystScope, orgId: string | null, secret = SECRET) => {
    const username = analystUserName(orgId);
    return analystUserDdl(
      { database: 'orghealth', engineUser: ENGINE.username },
      limits,
      { username, password: analystPassword(secret, username) },
      orgId,
      scope.tables,
    );
  };
  const sentBy = (username: string) => requests.filter((request) => request.user === username);
  // The engine's own client creates its database when it opens (analytics-client.ts): that is not the users' DDL.
  const setUpBy = () => sentBy(ENGINE.username).filter((request) => !request.sql.startsWith('CREATE DATABASE'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orghealth-analyst-users-'));
    server = createServer((request, response) => {
      const [user = '', password = ''] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':');
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({
          user,
          password,
          sql: Buffer.concat(chunks).toString().trim(),
          params: new URL(request.url ?? '/', 'http://127.0.0.1').searchParams,
        });
        if (refuseSetUp && user === ENGINE.username && !requests.at(-1)!.sql.startsWith('CREATE DATABASE')) {
          // The statement is echoed back, as ClickHouse does in some messages: the password in it must not reach the caller.
          response.writeHead(500, { 'x-clickhouse-exception-code': '497' });
          response.end(
            `Code: 497. DB::Exception: ${user}: Not enough privileges. To execute this query, it's necessary to have the grant CREATE USER ON *.* (in query: ${requests.at(-1)!.sql}). (ACCESS_DENIED) (version 25.8.1.1)\n`,
          );
          return;
        }
        if (refuseNext.delete(user)) {
          response.writeHead(516, { 'x-clickhouse-exception-code': '516' });
          response.end(
            `Code: 516. DB::Exception: ${user}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 25.8.1.1)\n`,
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"meta":[],"data":[],"rows":0}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sessions = new AnalystSessions(config({ secret: SECRET }), limits);
  });
  beforeEach(() => {
    requests = [];
  });
  afterAll(async () => {
    await sessions.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("sets up an org's user with the engine's own credentials before its first statement, and only then", async () => {
    await query(sessions, ORG_A);
    await query(sessions, ORG_A);
    const setUp = setUpBy();
    expect(setUp.map((request) => request.password)).toEqual(ddl(ORG_A, 'a').map(() => ENGINE.password));
    expect(setUp.map((request) => request.sql)).toEqual(ddl(ORG_A, 'a'));
    const analyst = sentBy('orghealth_analyst_a');
    expect(analyst).toHaveLength(2);
    expect(requests.indexOf(analyst[0]!)).toBeGreaterThan(requests.indexOf(setUp.at(-1)!));
  });

  it("runs an org's statements as its user with the derived password, never as the engine, and sends no setting", async () => {
    await query(sessions, ORG_A);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request).toMatchObject({
        user: 'orghealth_analyst_a',
        password: analystPassword(SECRET, 'orghealth_analyst_a'),
        sql: expect.stringMatching(/^SELECT text FROM notes\s+FORMAT JSONCompact$/),
      });
      // readonly = 1 CONST refuses a request that sets anything: only the query id, the database and the statement's parameters go.
      expect([...request.params.keys()].filter((name) => !name.startsWith('param_')).sort()).toEqual(['database', 'query_id']);
      expect(request.params.get('param_mine')).toBe('a');
    }
  });

  it("runs another org's statements as another user, with another password, set up for that org", async () => {
    await query(sessions, ORG_B);
    const b = analystPassword(SECRET, 'orghealth_analyst_b');
    expect(b).not.toBe(analystPassword(SECRET, 'orghealth_analyst_a'));
    expect(setUpBy().map((request) => request.sql)).toEqual(ddl(ORG_B, 'b'));
    expect(ddl(ORG_B, 'b').join('\n')).toContain("USING org_id = 'b' TO `orghealth_analyst_b`");
    expect(sentBy('orghealth_analyst_b').map((request) => request.password)).toEqual([b]);
    expect(requests.filter((request) => request.user !== ENGINE.username && request.user !== 'orghealth_analyst_b')).toEqual([]);
  });

  it("runs the operator's statements as a user of its own whose row policy reads every org", async () => {
    await query(sessions, OPERATOR);
    expect(setUpBy().map((request) => request.sql)).toEqual(ddl(OPERATOR, null));
    expect(ddl(OPERATOR, null).join('\n')).toContain('USING 1 TO `orghealth_operator`');
    expect(sentBy('orghealth_operator')).toHaveLength(1);
  });

  it("sets the user up again when the org's tables change, and after ClickHouse refuses its password", async () => {
    const wider = { ...ORG_A, tables: { withOrg: ['more_notes', 'notes'], readable: ['more_notes', 'notes', 'schema_migrations'] } };
    await query(sessions, wider);
    expect(setUpBy().map((request) => request.sql)).toEqual(ddl(wider, 'a'));
    requests = [];
    refuseNext.add('orghealth_analyst_a');
    await expect(query(sessions, wider)).rejects.toThrow(/AUTHENTICATION_FAILED|Authentication failed/);
    await query(sessions, wider);
    expect(requests.map((request) => request.user)).toEqual([
      'orghealth_analyst_a',
      ...ddl(wider, 'a').map(() => ENGINE.username),
      'orghealth_analyst_a',
    ]);
    expect(setUpBy().map((request) => request.sql)).toEqual(ddl(wider, 'a'));
  });

  it("refuses an org's statement, naming ClickHouse's reason and no password, when the engine may not set up its user; then sets it up once it may", async () => {
    const scope = { ...ORG_A, key: 'c', tableFilters: filterTo('c') };
    refuseSetUp = true;
    const refused = await query(sessions, scope).catch((error: unknown) => error);
    refuseSetUp = false;
    expect(refused).toBeInstanceOf(AnalystUserError);
    expect((refused as Error).message).toMatch(
      /^the analysts' ClickHouse user orghealth_analyst_c could not be set up: .*Not enough privileges.*CREATE USER/,
    );
    expect((refused as Error).message).toContain('[password]');
    expect((refused as Error).message).not.toContain(analystPassword(SECRET, 'orghealth_analyst_c'));
    expect(sentBy('orghealth_analyst_c')).toEqual([]);
    await query(sessions, scope);
    expect(sentBy('orghealth_analyst_c')).toHaveLength(1);
  });

  it('generates the secret once into an owner-only file when none is configured, and derives the same passwords from it after a restart', async () => {
    const first = new AnalystSessions(config({ secret: undefined }), limits);
    await query(first, ORG_A);
    await first.close();
    const file = join(dir, 'clickhouse-analyst.secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const second = new AnalystSessions(config({ secret: undefined }), limits);
    await query(second, ORG_A);
    await second.close();
    const passwords = sentBy('orghealth_analyst_a').map((request) => request.password);
    expect(passwords).toEqual([analystPassword(secret, 'orghealth_analyst_a'), analystPassword(secret, 'orghealth_analyst_a')]);
    expect(setUpBy().map((request) => request.sql)).toEqual([...ddl(ORG_A, 'a', secret), ...ddl(ORG_A, 'a', secret)]);
  });
});
