import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import { ddlFor } from './cluster-ddl.js';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations.js';

const CREATE_MIGRATIONS_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC')
  ) ENGINE = ReplacingMergeTree ORDER BY version`;

// DISTINCT: two processes migrating at once both record the version.
const APPLIED_VERSIONS_SQL = 'SELECT DISTINCT version FROM schema_migrations ORDER BY version';

export class AnalyticsSchemaTooNewError extends Error {
  constructor(
    readonly applied: number,
    readonly known: number,
  ) {
    super(`the analytics schema is at version ${applied}, newer than this engine knows (${known}): upgrade the engine`);
    this.name = 'AnalyticsSchemaTooNewError';
  }
}

export interface MigrateOptions {
  /** A ClickHouse cluster: every statement runs in its clustered form (cluster-ddl.ts). */
  cluster?: string;
  now?: () => Date;
}

/**
 * Brings the client's database to the latest schema: runs the statements of
 * each migration not yet in `schema_migrations`, in version order, then
 * records it. Running it again is a no-op. Returns the versions it applied.
 */
export async function migrate(
  client: AnalyticsClient,
  migrations: readonly Migration[] = MIGRATIONS,
  options: MigrateOptions = {},
): Promise<number[]> {
  const { cluster, now = () => new Date() } = options;
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
  });
  for (const statement of ddlFor(CREATE_MIGRATIONS_TABLE_SQL, cluster)) await client.command({ query: statement });
  const result = await client.query({ query: APPLIED_VERSIONS_SQL, format: 'JSONEachRow' });
  const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
  const newest = Math.max(0, ...applied);
  if (newest > migrations.length) throw new AnalyticsSchemaTooNewError(newest, migrations.length);

  const ran: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements.flatMap((each) => ddlFor(each, cluster))) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: migration.version, name: migration.name, applied_at: toDateTime64(now()) }],
      format: 'JSONEachRow',
    });
    ran.push(migration.version);
  }
  return ran;
}
