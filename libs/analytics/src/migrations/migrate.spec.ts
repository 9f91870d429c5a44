import type { AnalyticsClient } from '../analytics-client.js';
import { openTestAnalytics, rows, type TestAnalytics } from '../testing/test-analytics.js';
import { ddlFor } from './cluster-ddl.js';
import { AnalyticsSchemaTooNewError, migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations.js';

describe('migrate', () => {
  let analytics: TestAnalytics;

  beforeEach(async () => {
    analytics = await openTestAnalytics({ migrated: false });
  });

  afterEach(() => analytics.dispose());

  const tables = () =>
    rows<{ name: string }>(analytics.client, 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name');

  const versions = MIGRATIONS.map((migration) => migration.version);
  const latest = MIGRATIONS.length;

  it('creates every table and view, and running it again is a no-op', async () => {
    expect(await migrate(analytics.client)).toEqual(versions);
    const created = (await tables()).map((table) => table.name);
    expect(created).toEqual([
      'approval_requests',
      'approval_resolutions',
      'check_ins',
      'dead_letters',
      'decisions',
      'feedback',
      'managers_as_of',
      'org_path_versions',
      'org_paths',
      'outcomes',
      'people_as_of',
      'person_attributes',
      'plan_interventions',
      'plans_delegated',
      'practice_facts_as_of',
      'projector_checkpoints',
      'reporting_lines',
      'schema_migrations',
      'skip_levels',
    ]);

    expect(await migrate(analytics.client)).toEqual([]);
    expect((await tables()).map((table) => table.name)).toEqual(created);
    expect(await rows(analytics.client, 'SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('re-runs the statements of a migration that crashed before it was recorded', async () => {
    await migrate(analytics.client);
    await analytics.client.command({ query: 'TRUNCATE TABLE schema_migrations' });
    expect(await migrate(analytics.client)).toEqual(versions);
  });

  it('applies only the migrations added since the last run', async () => {
    await migrate(analytics.client);
    const next: Migration = {
      version: latest + 1,
      name: 'add-a-column',
      statements: ['ALTER TABLE check_ins ADD COLUMN IF NOT EXISTS note String'],
    };
    expect(await migrate(analytics.client, [...MIGRATIONS, next])).toEqual([latest + 1]);
    expect(await migrate(analytics.client, [...MIGRATIONS, next])).toEqual([]);
    const columns = await rows<{ name: string }>(
      analytics.client,
      "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'check_ins' AND name = 'note'",
    );
    expect(columns).toHaveLength(1);
  });

  it('refuses a schema newer than the engine knows', async () => {
    const next: Migration = { version: latest + 1, name: 'from-the-future', statements: [] };
    await migrate(analytics.client, [...MIGRATIONS, next]);
    await expect(migrate(analytics.client)).rejects.toBeInstanceOf(AnalyticsSchemaTooNewError);
  });

  it('refuses a migration list with a gap', async () => {
    const gap: Migration = { version: latest + 2, name: 'gap', statements: [] };
    await expect(migrate(analytics.client, [...MIGRATIONS, gap])).rejects.toThrow(new RegExp(`expected ${latest + 1}`));
  });

  it('runs the clustered form of every statement, in order, when given a cluster', async () => {
    // No ClickHouse cluster (nor Keeper) can run here: a client that records what it is sent stands in for one.
    const sent: string[] = [];
    const recording = {
      command: async ({ query }: { query: string }) => void sent.push(query),
      query: async () => ({ json: async () => [] }),
      insert: async ({ table }: { table: string }) => void sent.push(`INSERT INTO ${table}`),
    } as unknown as AnalyticsClient;

    expect(await migrate(recording, MIGRATIONS, { cluster: 'c1' })).toEqual(versions);

    const expected = MIGRATIONS.flatMap((migration) => [
      ...migration.statements.flatMap((statement) => ddlFor(statement, 'c1')),
      'INSERT INTO schema_migrations',
    ]);
    expect(sent.slice(2)).toEqual(expected);
    expect(sent.slice(0, 2)).toEqual([
      expect.stringMatching(/^CREATE TABLE IF NOT EXISTS schema_migrations_local ON CLUSTER `c1`/),
      expect.stringMatching(
        /^CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER `c1` AS schema_migrations_local ENGINE = Distributed/,
      ),
    ]);
  });
});
