import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../../libs/config/src/config.schema.js';
import { analystUserDdl } from '../../../libs/analytics/src/analyst-users.js';
import { openTestAnalytics, type TestAnalytics } from '../../../libs/analytics/src/testing/test-analytics.js';

const docs = readFileSync(resolve('docs/security.md'), 'utf8');
const section = docs.slice(docs.indexOf('### On a ClickHouse server'));
const ddl = /```sql\n([\s\S]*?)```/.exec(section)![1]!;
const statements = ddl
  .split(';\n')
  .map((statement) => statement.trim().replace(/;$/, ''))
  .filter(Boolean);

/*
 * The embedded engine has no access control to run these against (its user
 * may not create users): ClickHouse's parser is what can be checked here,
 * and that the block is what the engine itself sends (analyst-users.ts).
 */
describe("docs/security.md: the server DDL for analysts' users", () => {
  let analytics: TestAnalytics;
  beforeAll(async () => {
    analytics = await openTestAnalytics({ migrated: false });
  });
  afterAll(() => analytics.dispose());

  it('holds a user, its row policy, the engine’s policy and the grants', () => {
    expect(statements.map((statement) => statement.split(' ').slice(0, 4).join(' '))).toEqual([
      'CREATE USER OR REPLACE',
      'CREATE ROW POLICY OR',
      'CREATE ROW POLICY OR',
      'GRANT SELECT ON `orghealth`.`check_ins`,',
    ]);
    expect(ddl).toMatch(/readonly = 1 CONST/);
    expect(ddl).toMatch(/max_execution_time = 30 CONST, max_memory_usage = 1073741824 CONST, max_rows_to_read = 100000000 CONST/);
  });

  it('is exactly what the engine sends for the org acme, with the default limits', () => {
    const sent = analystUserDdl(
      { database: 'orghealth', engineUser: 'orghealth_engine' },
      loadConfig({}).sql,
      { username: 'orghealth_analyst_acme', password: '<HMAC-SHA256 of the secret>' },
      'acme',
      { withOrg: ['check_ins', 'reporting_lines'], readable: ['check_ins', 'people_as_of', 'reporting_lines'] },
    );
    expect(statements).toEqual(sent);
  });

  it.each(statements)('parses: %s', async (statement) => {
    const result = await analytics.client.query({
      query: 'SELECT formatQuerySingleLine({statement:String}) AS formatted',
      query_params: { statement },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ formatted: string }>();
    expect(row?.formatted.length).toBeGreaterThan(0);
  });
});
