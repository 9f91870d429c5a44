import { checkInHeld, personJoined } from '../../../domain/src/testing/builders.js';
import { MIGRATIONS } from '../migrations/migrations.js';
import { projectEvents } from '../projector/project-events.js';
import { ProjectionTarget } from '../projector/projection-target.js';
import { readAllStored, sampleOrg, storeWith } from '../testing/sample-org.js';
import { eachTestAnalytics, rows } from '../testing/test-analytics.js';
import type { AnalyticsClient } from '../analytics-client.js';
import { projectedTables, rebuildMark, shadowName, shadowStatements } from './shadow-tables.js';
import { exchangeSql, settleRebuilds, swapIn } from './table-swap.js';

const ID = 'r1';
const TABLES = projectedTables(MIGRATIONS);
// The rebuild's rows differ from the live ones: two more people and a check-in.
const REBUILT = () => [
  ...sampleOrg(),
  personJoined('E6', 'E1', '2026-05-01T09:00:00Z'),
  personJoined('E7', 'E6', '2026-05-02T09:00:00Z'),
  checkInHeld({ leaderId: 'E6', reportId: 'E7', at: '2026-05-03T10:00:00Z' }),
];

async function project(client: AnalyticsClient, events: readonly object[], tableName?: (table: string) => string): Promise<void> {
  const target = new ProjectionTarget(client, 'analytics', tableName);
  const batch = projectEvents(await readAllStored(await storeWith(events)), new Date());
  await target.write(batch);
  await target.saveCheckpoint(batch.lastPosition, new Date());
}

/** A rebuild's copies created and filled, as the runtime does before it swaps. */
async function replayedCopies(client: AnalyticsClient): Promise<void> {
  for (const statement of shadowStatements(MIGRATIONS, ID, undefined)) await client.command({ query: statement });
  await project(client, REBUILT(), (table) => shadowName(table, ID));
}

const count = async (client: AnalyticsClient, query: string) => Number((await rows<{ n: number | string }>(client, query))[0]!.n);

const tableState = async (client: AnalyticsClient) => ({
  structureEvents: await count(client, 'SELECT count() AS n FROM reporting_lines FINAL'),
  checkIns: await count(client, 'SELECT count() AS n FROM check_ins FINAL'),
  checkpoint: await count(client, "SELECT max(position) AS n FROM projector_checkpoints WHERE projector = 'analytics'"),
  marks: [
    ...new Set(
      (
        await rows<{ comment: string }>(
          client,
          'SELECT comment FROM system.tables WHERE database = currentDatabase() AND name IN {tables:Array(String)}',
          { tables: TABLES },
        )
      ).map((row) => row.comment),
    ),
  ],
  copies: (
    await rows<{ name: string }>(
      client,
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%\\\\_\\\\_rebuild\\\\_%'",
    )
  ).map((row) => row.name),
});

const OLD = { structureEvents: 7, checkIns: 1, checkpoint: sampleOrg().length, marks: [''], copies: [] };
const NEW = { structureEvents: 9, checkIns: 2, checkpoint: REBUILT().length, marks: [rebuildMark(ID)], copies: [] };

describe("swapping a rebuild's tables in", () => {
  const analytics = eachTestAnalytics();

  it("copies every projected table, each carrying the rebuild's mark, and swaps all of them in", async () => {
    await project(analytics.client, sampleOrg());
    await replayedCopies(analytics.client);
    const copies = await rows<{ name: string; comment: string }>(
      analytics.client,
      "SELECT name, comment FROM system.tables WHERE database = currentDatabase() AND name LIKE '%rebuild%' ORDER BY name",
    );
    expect(copies).toEqual([...TABLES].sort().map((table) => ({ name: shadowName(table, ID), comment: rebuildMark(ID) })));
    expect(TABLES).toEqual(
      expect.arrayContaining(['reporting_lines', 'check_ins', 'dead_letters', 'projector_checkpoints', 'org_paths', 'org_path_versions']),
    );

    await swapIn(analytics.client, TABLES, ID, undefined);
    await settleRebuilds(analytics.client, undefined);
    expect(await tableState(analytics.client)).toEqual(NEW);
  });

  // A crash after `swappedBefore` of the exchanges (0: while replaying; all: after the last one, before the copies went).
  it.each([0, 1, 7, TABLES.length - 1, TABLES.length])(
    'settles a rebuild cut short after %i exchanges: the old tables serve unless every one was swapped',
    async (swappedBefore) => {
      await project(analytics.client, sampleOrg());
      await replayedCopies(analytics.client);
      await swapIn(analytics.client, TABLES.slice(0, swappedBefore), ID, undefined);

      await settleRebuilds(analytics.client, undefined);
      expect(await tableState(analytics.client)).toEqual(swappedBefore === TABLES.length ? NEW : OLD);
      await settleRebuilds(analytics.client, undefined);
      expect(await tableState(analytics.client)).toEqual(swappedBefore === TABLES.length ? NEW : OLD);
    },
  );

  it('settles copies cut short while being created', async () => {
    await project(analytics.client, sampleOrg());
    for (const statement of shadowStatements(MIGRATIONS, ID, undefined).slice(0, 3)) await analytics.client.command({ query: statement });
    await settleRebuilds(analytics.client, undefined);
    expect(await tableState(analytics.client)).toEqual(OLD);
  });

  describe('on a cluster (CLICKHOUSE_CLUSTER)', () => {
    const CLUSTER = 'orghealth_cluster';

    it('creates replicated copies under their own Keeper paths and swaps the per-node parts, as valid ClickHouse SQL', async () => {
      const statements = shadowStatements(MIGRATIONS, ID, CLUSTER);
      const local = statements.find((statement) =>
        statement.startsWith(`CREATE TABLE IF NOT EXISTS ${shadowName('check_ins', ID)}_local `),
      )!;
      expect(local).toMatch(
        /ENGINE = ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'\)/,
      );
      expect(local).toMatch(/ COMMENT 'rebuild r1'$/);
      expect(statements).toContain(
        `CREATE TABLE IF NOT EXISTS ${shadowName('check_ins', ID)} ON CLUSTER \`${CLUSTER}\` AS ${shadowName('check_ins', ID)}_local ENGINE = Distributed(\`${CLUSTER}\`, currentDatabase(), ${shadowName('check_ins', ID)}_local, cityHash64(org_id))`,
      );
      expect(statements.some((statement) => /VIEW/.test(statement))).toBe(false);
      expect(exchangeSql('check_ins', ID, CLUSTER)).toBe(
        `EXCHANGE TABLES check_ins_local AND check_ins__rebuild_r1_local ON CLUSTER \`${CLUSTER}\``,
      );

      // EXPLAIN AST parses without running: no cluster or Keeper is needed to catch a syntax error.
      const explain = async (statement: string) =>
        (await analytics.client.query({ query: `EXPLAIN AST ${statement}`, format: 'TabSeparated' })).text();
      for (const statement of statements) expect(await explain(statement)).toMatch(/^\W*CreateQuery /);
      for (const table of TABLES) expect(await explain(exchangeSql(table, ID, CLUSTER))).toMatch(/^\W*Rename /);
    });
  });
});
