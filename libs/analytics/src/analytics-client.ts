import { channel } from 'node:diagnostics_channel';
import { mkdirSync } from 'node:fs';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { AnalyticsConfig } from '@orghealth/config';
import { createChdbConnection } from 'chdb/connection';

/**
 * The one ClickHouse client of the process: `@clickhouse/client` over the
 * embedded chDB engine or over HTTP to a server; the SQL is the same.
 */
export type AnalyticsClient = ClickHouseClient;

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** A call of an analytics client that failed: ClickHouse refused it, or could not be reached. */
export interface AnalyticsFailure {
  operation: (typeof OBSERVED_CALLS)[number];
  error: unknown;
}

/** Every failure of every analytics client of the process, for the operator's metrics. */
export const analyticsFailureChannel = channel('orghealth.analytics.failure');

const OBSERVED_CALLS = ['query', 'command', 'insert', 'exec'] as const;

/** Publishes each failed call: one place sees the projector's, the readers' and the analysts' errors alike. */
function observed(client: AnalyticsClient): AnalyticsClient {
  const calls = client as unknown as Record<(typeof OBSERVED_CALLS)[number], (...args: unknown[]) => Promise<unknown>>;
  for (const operation of OBSERVED_CALLS) {
    const call = calls[operation].bind(client);
    calls[operation] = async (...args: unknown[]) => {
      try {
        return await call(...args);
      } catch (error) {
        analyticsFailureChannel.publish({ operation, error } satisfies AnalyticsFailure);
        throw error;
      }
    };
  }
  return client;
}

const CREATE_DATABASE_SQL = 'CREATE DATABASE IF NOT EXISTS {database:Identifier}';
const USE_DATABASE_SQL = 'USE {database:Identifier}';

/**
 * Opens the analytics client with `config.database` (created when missing)
 * as the database its unqualified table names refer to. Close it on shutdown.
 *
 * Embedded: chDB binds one data directory per process. Several clients may
 * share that directory (each is its own session on the one engine), but a
 * second directory is refused while the first is open, and two processes must
 * never open the same directory.
 */
export async function openAnalyticsClient(config: AnalyticsConfig): Promise<AnalyticsClient> {
  return config.mode === 'embedded' ? openEmbedded(config.path, config.database) : openServer(config);
}

async function openEmbedded(path: string, database: string): Promise<AnalyticsClient> {
  mkdirSync(path, { recursive: true });
  // chdb types its connection with @clickhouse/client-common, which @clickhouse/client bundles a copy of:
  // the same shape, but SettingsMap's private member makes TypeScript compare the two copies nominally.
  const connection = createChdbConnection({ path }) as unknown as ClientConnection;
  const client = observed(createClient({ connection }));
  try {
    await client.command({ query: CREATE_DATABASE_SQL, query_params: { database } });
    // chDB ignores the client's `database` option; `USE` sticks to this connection's session instead.
    await client.command({ query: USE_DATABASE_SQL, query_params: { database } });
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * On a cluster (migrations/cluster-ddl.ts): joins of two distributed tables
 * run shard-locally, which is right because an org's rows share a shard, and
 * an insert returns once its rows are on their shards, so the projector's
 * checkpoint is never written ahead of its data.
 */
const CLUSTER_SETTINGS = { distributed_product_mode: 'local', insert_distributed_sync: 1 } as const;

async function openServer(config: Extract<AnalyticsConfig, { mode: 'server' }>): Promise<AnalyticsClient> {
  const { url, username, password, database, cluster } = config;
  // A server refuses every request naming a database that does not exist, CREATE DATABASE included:
  // a short-lived client without one creates it first.
  const bootstrap = observed(createClient({ url, username, password }));
  try {
    // The cluster's name is a plain identifier (checked in libs/config), quoted as one.
    const createDatabase = cluster ? `${CREATE_DATABASE_SQL} ON CLUSTER \`${cluster}\`` : CREATE_DATABASE_SQL;
    await bootstrap.command({ query: createDatabase, query_params: { database } });
  } finally {
    await bootstrap.close();
  }
  return observed(createClient({ url, username, password, database, ...(cluster ? { clickhouse_settings: CLUSTER_SETTINGS } : {}) }));
}

/**
 * A client that runs as one analysts' user of a server (analyst-users.ts).
 * It sends no settings at all, compression's included: the user's
 * readonly = 1 refuses a request that changes any.
 */
export function openAnalystClient(
  config: Extract<AnalyticsConfig, { mode: 'server' }>,
  credentials: { username: string; password: string },
): AnalyticsClient {
  return createClient({ url: config.url, ...credentials, database: config.database, compression: { request: false, response: false } });
}
