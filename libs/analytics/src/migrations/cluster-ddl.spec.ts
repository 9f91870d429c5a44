import { openTestAnalytics, type TestAnalytics } from '../testing/test-analytics.js';
import { ddlFor, UnclusterableStatementError } from './cluster-ddl.js';
import { MIGRATIONS } from './migrations.js';

const CLUSTER = 'orghealth_cluster';
const everyStatement = MIGRATIONS.flatMap((migration) => migration.statements);
const createdTables = everyStatement.flatMap((statement) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(statement)?.slice(1) ?? []);

describe('the analytics DDL on one server', () => {
  it('is every migration statement as written', () => {
    for (const statement of everyStatement) expect(ddlFor(statement, undefined)).toEqual([statement]);
  });
});

describe('the analytics DDL on a cluster (CLICKHOUSE_CLUSTER)', () => {
  const clustered = everyStatement.flatMap((statement) => ddlFor(statement, CLUSTER));

  it('runs every statement ON CLUSTER', () => {
    expect(clustered.length).toBeGreaterThan(everyStatement.length);
    for (const statement of clustered) expect(statement).toContain(`ON CLUSTER \`${CLUSTER}\``);
  });

  it('turns each table into a replicated local table and a distributed table over it, sharded by org', () => {
    const [local, distributed] = ddlFor(MIGRATIONS[0]!.statements.find((statement) => statement.includes('check_ins'))!, CLUSTER);

    expect(local).toMatch(
      /^CREATE TABLE IF NOT EXISTS check_ins_local ON CLUSTER `orghealth_cluster` \(\s+org_id LowCardinality\(String\),/,
    );
    expect(local).toMatch(
      /\) ENGINE = ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'\) PARTITION BY toYYYYMM\(occurred_at\) ORDER BY \(org_id, leader_id, occurred_at, event_id\)$/,
    );
    expect(distributed).toBe(
      'CREATE TABLE IF NOT EXISTS check_ins ON CLUSTER `orghealth_cluster` AS check_ins_local ENGINE = Distributed(`orghealth_cluster`, currentDatabase(), check_ins_local, cityHash64(org_id))',
    );
    for (const table of createdTables) {
      const pair = clustered.filter((statement) => new RegExp(`^CREATE TABLE IF NOT EXISTS ${table}(_local)? `).test(statement));
      expect(pair).toHaveLength(2);
      expect(pair[0]).toMatch(/ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'/);
      expect(pair[1]).toMatch(
        new RegExp(`ENGINE = Distributed\\(\`${CLUSTER}\`, currentDatabase\\(\\), ${table}_local, cityHash64\\(\\w+\\)\\)$`),
      );
    }
  });

  it('keeps engine arguments after the replication ones, and shards org-less tables by their first sorting column', () => {
    const [local, distributed] = ddlFor(
      MIGRATIONS[0]!.statements.find((statement) => statement.includes('projector_checkpoints'))!,
      CLUSTER,
    );

    expect(local).toContain(
      `ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', position) ORDER BY projector`,
    );
    expect(distributed).toMatch(/cityHash64\(projector\)\)$/);
  });

  it('creates views, changes columns and drops tables on every node, on both parts of a table', () => {
    const view = MIGRATIONS[1]!.statements[0]!;
    expect(ddlFor(view, CLUSTER)).toEqual([
      view.replace('CREATE OR REPLACE VIEW people_as_of AS', 'CREATE OR REPLACE VIEW people_as_of ON CLUSTER `orghealth_cluster` AS'),
    ]);
    expect(ddlFor('ALTER TABLE check_ins ADD COLUMN IF NOT EXISTS note String', CLUSTER)).toEqual([
      'ALTER TABLE check_ins_local ON CLUSTER `orghealth_cluster` ADD COLUMN IF NOT EXISTS note String',
      'ALTER TABLE check_ins ON CLUSTER `orghealth_cluster` ADD COLUMN IF NOT EXISTS note String',
    ]);
    expect(ddlFor('DROP TABLE IF EXISTS feedback SYNC', CLUSTER)).toEqual([
      'DROP TABLE IF EXISTS feedback ON CLUSTER `orghealth_cluster` SYNC',
      'DROP TABLE IF EXISTS feedback_local ON CLUSTER `orghealth_cluster` SYNC',
    ]);
  });

  it('refuses a statement it has no clustered form for', () => {
    expect(() => ddlFor('CREATE TABLE notes (text String) ENGINE = Memory', CLUSTER)).toThrow(UnclusterableStatementError);
    expect(() => ddlFor('ALTER TABLE check_ins DELETE WHERE 1', CLUSTER)).toThrow(UnclusterableStatementError);
  });

  describe('as ClickHouse parses it', () => {
    let analytics: TestAnalytics;
    beforeAll(async () => {
      analytics = await openTestAnalytics({ migrated: false });
    });
    afterAll(() => analytics.dispose());

    // EXPLAIN AST parses without running: no cluster or Keeper is needed to catch a syntax error.
    it('is valid ClickHouse SQL, every statement', async () => {
      const explain = async (statement: string) =>
        (await analytics.client.query({ query: `EXPLAIN AST ${statement}`, format: 'TabSeparated' })).text();
      for (const statement of clustered) expect(await explain(statement)).toMatch(/^\W*(CreateQuery|AlterQuery|DropQuery) /);
      await expect(explain('CREATE TABLE t_local ON CLUSTER c (x String) ENGINE = ReplicatedMergeTree(')).rejects.toThrow(/Syntax error/);
    });
  });
});
