import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyticsConfig } from '@orghealth/config';
import { openAnalyticsClient, type AnalyticsClient } from '../analytics-client.js';
import { migrate } from '../migrations/migrate.js';

/*
 * chDB binds one data directory per process and jest runs several spec files
 * in one worker: every spec of a worker shares this directory, and each test
 * isolates itself in a database of its own. chDB lets go of the directory
 * when its last client closes, so the last one out removes it.
 */
const PROCESS_DATA_DIR = join(tmpdir(), `orghealth-analytics-test-${process.pid}`);
let openClients = 0;

export interface TestAnalytics {
  client: AnalyticsClient;
  database: string;
  /** Where the client is: other clients of the same database open it with this. */
  config: AnalyticsConfig;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
}

export async function openTestAnalytics({ migrated = true } = {}): Promise<TestAnalytics> {
  const database = `test_${randomUUID().replaceAll('-', '')}`;
  const config = { mode: 'embedded', path: PROCESS_DATA_DIR, database } as const;
  const client = await openAnalyticsClient(config);
  openClients++;
  if (migrated) await migrate(client);
  return {
    client,
    database,
    config,
    async dispose() {
      await client.command({ query: 'DROP DATABASE IF EXISTS {database:Identifier} SYNC', query_params: { database } });
      await client.close();
      if (--openClients === 0) rmSync(PROCESS_DATA_DIR, { recursive: true, force: true });
    },
  };
}

/**
 * Gives every test of the calling describe block a migrated database of its own, dropped after it:
 * read `.client` inside the tests.
 */
export function eachTestAnalytics(): { readonly client: AnalyticsClient } {
  let current: TestAnalytics | undefined;
  beforeEach(async () => {
    current = await openTestAnalytics();
  });
  afterEach(() => current?.dispose());
  return {
    get client() {
      return current!.client;
    },
  };
}

/** The rows of a query, for assertions. */
export async function rows<T = Record<string, unknown>>(
  client: AnalyticsClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}
