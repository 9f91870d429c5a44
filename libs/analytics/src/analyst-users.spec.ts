import { loadConfig } from '@orghealth/config';
import { analystPassword, analystUserDdl, analystUserName, type AnalystTables } from './analyst-users.js';
import { openTestAnalytics, type TestAnalytics } from './testing/test-analytics.js';

const LIMITS = { ...loadConfig({}).sql, maxExecutionSeconds: 12, maxMemoryBytes: 500_000_000, maxRowsToRead: 7_000_000 };
const TABLES: AnalystTables = {
  withOrg: ['check_ins', 'reporting_lines'],
  readable: ['check_ins', 'people_as_of', 'reporting_lines', 'schema_migrations'],
};
const CLUSTERED: AnalystTables = {
  withOrg: ['check_ins', 'check_ins_local', 'reporting_lines', 'reporting_lines_local'],
  readable: ['check_ins', 'check_ins_local', 'reporting_lines', 'reporting_lines_local'],
};
const SERVER = { database: 'orghealth', engineUser: 'orghealth_engine' };
const user = (orgId: string | null) => ({
  username: analystUserName(orgId),
  password: analystPassword('s'.repeat(32), analystUserName(orgId)),
});
const acme = analystUserDdl(SERVER, LIMITS, user('acme'), 'acme', TABLES);

describe('analystUserDdl: what an org analysts’ ClickHouse user is', () => {
  it('creates the user with constant readonly = 1 and the configured limits, then its row policies, and grants last', () => {
    expect(acme.map((statement) => statement.split(' ').slice(0, 4).join(' '))).toEqual([
      'CREATE USER OR REPLACE',
      'CREATE ROW POLICY OR',
      'CREATE ROW POLICY OR',
      'GRANT SELECT ON `orghealth`.`check_ins`,',
    ]);
    expect(acme[0]).toContain(
      "SETTINGS readonly = 1 CONST, max_execution_time = 12 CONST, max_memory_usage = 500000000 CONST, max_rows_to_read = 7000000 CONST, max_result_rows = 1000001 CONST, result_overflow_mode = 'break' CONST",
    );
    expect(acme[0]).toContain(`IDENTIFIED WITH sha256_password BY '${user('acme').password}' DEFAULT DATABASE \`orghealth\``);
  });

  it("limits every org table to the org's rows for its user, and keeps every row for the engine's own user", () => {
    expect(acme[1]).toBe(
      "CREATE ROW POLICY OR REPLACE `orghealth_analyst_acme` ON `orghealth`.`check_ins`, `orghealth`.`reporting_lines` FOR SELECT USING org_id = 'acme' TO `orghealth_analyst_acme`",
    );
    expect(acme[2]).toBe(
      'CREATE ROW POLICY OR REPLACE orghealth_engine ON `orghealth`.`check_ins`, `orghealth`.`reporting_lines` FOR SELECT USING 1 TO `orghealth_engine`',
    );
  });

  it('grants SELECT on the readable tables and views and the generators, and nothing else', () => {
    expect(acme[3]).toBe(
      'GRANT SELECT ON `orghealth`.`check_ins`, SELECT ON `orghealth`.`people_as_of`, SELECT ON `orghealth`.`reporting_lines`, SELECT ON `orghealth`.`schema_migrations`, SELECT ON system.numbers, SELECT ON system.one, SELECT ON system.zeros TO `orghealth_analyst_acme`',
    );
    expect(acme.join('\n')).not.toMatch(/\*|FILE|URL|REMOTE|SOURCES|TEMPORARY|dictGet|INSERT|ALTER|CREATE TABLE|WITH GRANT OPTION/);
  });

  it("gives the operator's user a policy that reads every org", () => {
    const operator = analystUserDdl(SERVER, LIMITS, user(null), null, TABLES);
    expect(operator[1]).toBe(
      'CREATE ROW POLICY OR REPLACE `orghealth_operator` ON `orghealth`.`check_ins`, `orghealth`.`reporting_lines` FOR SELECT USING 1 TO `orghealth_operator`',
    );
  });

  it('runs every statement ON CLUSTER on a cluster, with the per-node tables under the same policies, and joins kept shard-local', () => {
    const clustered = analystUserDdl({ ...SERVER, cluster: 'orghealth' }, LIMITS, user('acme'), 'acme', CLUSTERED);
    expect(clustered.every((statement) => statement.includes(' ON CLUSTER `orghealth`'))).toBe(true);
    expect(clustered[0]).toContain("distributed_product_mode = 'local' CONST");
    expect(clustered[1]).toContain(
      'ON `orghealth`.`check_ins`, `orghealth`.`check_ins_local`, `orghealth`.`reporting_lines`, `orghealth`.`reporting_lines_local` FOR SELECT',
    );
  });

  it('quotes names, and refuses an org id that could break out of its policy', () => {
    const odd = analystUserDdl({ ...SERVER, engineUser: 'ops`team' }, LIMITS, user('a.b-c'), 'a.b-c', {
      withOrg: ['we`ird'],
      readable: ['we`ird'],
    });
    expect(odd[1]).toBe(
      "CREATE ROW POLICY OR REPLACE `orghealth_analyst_a.b-c` ON `orghealth`.`we\\`ird` FOR SELECT USING org_id = 'a.b-c' TO `orghealth_analyst_a.b-c`",
    );
    expect(odd[2]).toContain('TO `ops\\`team`');
    expect(() => analystUserName("x' OR 1 --")).toThrow(/cannot name a ClickHouse user/);
    expect(() => analystUserDdl(SERVER, LIMITS, user('acme'), "x' OR '1", TABLES)).toThrow(/cannot be used in a row policy/);
  });

  it("derives each user's password from the secret, differently per user and per secret", () => {
    const password = analystPassword('s'.repeat(32), 'orghealth_analyst_acme');
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(analystPassword('s'.repeat(32), 'orghealth_analyst_acme')).toBe(password);
    expect(analystPassword('s'.repeat(32), 'orghealth_analyst_other')).not.toBe(password);
    expect(analystPassword('t'.repeat(32), 'orghealth_analyst_acme')).not.toBe(password);
  });
});

/*
 * chDB is ClickHouse's engine without its access control (its one user may
 * not create users or policies): every statement is read by ClickHouse's
 * parser and then run, which gets past the parser and the analysis to the
 * access check, or for ON CLUSTER to the distributed DDL queue chDB has not.
 * What a real server then does with them is not exercised here.
 */
describe('analystUserDdl on ClickHouse’s own parser (chDB)', () => {
  let analytics: TestAnalytics;
  beforeAll(async () => {
    analytics = await openTestAnalytics({ migrated: false });
  });
  afterAll(() => analytics.dispose());

  const statements = [
    ...acme,
    ...analystUserDdl(SERVER, LIMITS, user(null), null, TABLES),
    ...analystUserDdl({ ...SERVER, cluster: 'orghealth' }, LIMITS, user('a.b-c'), 'a.b-c', CLUSTERED),
  ];

  it.each(statements)('parses, and is refused for want of access management only: %s', async (statement) => {
    const result = await analytics.client.query({
      query: 'SELECT formatQuerySingleLine({statement:String}) AS formatted',
      query_params: { statement },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ formatted: string }>();
    expect(row?.formatted.length).toBeGreaterThan(0);
    await expect(analytics.client.command({ query: statement })).rejects.toThrow(
      /Not enough privileges|There is no role `orghealth_|Replicated DDL queries are disabled/,
    );
  });
});
