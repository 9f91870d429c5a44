import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openTestAnalytics, type TestAnalytics } from '../../../libs/analytics/src/testing/test-analytics.js';

const docs = readFileSync(resolve('docs/security.md'), 'utf8');
const section = docs.slice(docs.indexOf('### On a ClickHouse server'));
const ddl = /```sql\n([\s\S]*?)```/.exec(section)![1]!;
const statements = ddl.split(';\n').map((statement) => statement.trim().replace(/;$/, '')).filter(Boolean);

/*
 * The embedded engine has no access control to run these against (its user
 * may not create users): ClickHouse's parser is what can be checked here.
 */
describe("docs/security.md: the server DDL for analysts' users parses", () => {
  let analytics: TestAnalytics;
  beforeAll(async () => {
    analytics = await openTestAnalytics({ migrated: false });
  });
  afterAll(() => analytics.dispose());

  it('holds the profile, a user, grants and row policies for the org tables and the engine', () => {
    expect(statements.map((statement) => statement.split(' ').slice(0, 4).join(' '))).toEqual([
      'CREATE SETTINGS PROFILE OR',
      'CREATE USER OR REPLACE',
      'GRANT SELECT ON orghealth.*',
      'GRANT SELECT ON system.numbers',
      'GRANT SELECT ON system.one',
      'CREATE ROW POLICY OR',
      'CREATE ROW POLICY OR',
      'CREATE ROW POLICY OR',
      'CREATE ROW POLICY OR',
    ]);
    expect(ddl).toMatch(/readonly = 1 CONST/);
    expect(ddl).toMatch(/max_execution_time = 30 CONST, max_memory_usage = 1073741824 CONST, max_rows_to_read = 100000000 CONST/);
  });

  it.each(statements)('parses: %s', async (statement) => {
    const result = await analytics.client.query({ query: 'SELECT formatQuerySingleLine({statement:String}) AS formatted', query_params: { statement }, format: 'JSONEachRow' });
    const [row] = await result.json<{ formatted: string }>();
    expect(row?.formatted.length).toBeGreaterThan(0);
  });
});
