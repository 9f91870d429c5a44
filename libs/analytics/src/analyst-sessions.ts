import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataFormat, ResultSet } from '@clickhouse/client';
import { ownerOnlySecret, type AnalyticsConfig, type AnalystLimits } from '@orghealth/config';
import { openAnalyticsClient, openAnalystClient, type AnalyticsClient } from './analytics-client.js';
import {
  analystPassword,
  analystUserDdl,
  analystUserName,
  MAX_RESULT_ROWS,
  type AnalystTables,
  type ClickHouseCredentials,
} from './analyst-users.js';

/** Whose analyst queries these are: one queue and (embedded) one session per key. */
export interface AnalystScope {
  /** The org id, or `*` for the operator. */
  key: string;
  /** ClickHouse's additional_table_filters for the scope: `{}` reads every org. */
  tableFilters: string;
  /** What the scope's ClickHouse user is granted on a server (CLICKHOUSE_ANALYST_ISOLATION=users). */
  tables: AnalystTables;
}

/** The engine could not set up the ClickHouse user of an org's analysts (its own user lacks ACCESS MANAGEMENT, say). */
export class AnalystUserError extends Error {
  constructor(username: string, reason: string) {
    super(`the analysts' ClickHouse user ${username} could not be set up: ${reason.split('\n')[0]}`);
    this.name = 'AnalystUserError';
  }
}

export class AnalystQueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`${limit} statements of this org are already running or waiting: send this one when one of them has answered`);
    this.name = 'AnalystQueueFullError';
  }
}

/** Runs one analyst statement with the scope's settings, which the statement cannot change. */
export interface AnalystSession {
  query<Format extends DataFormat>(query: string, params: Record<string, unknown>, format: Format): Promise<ResultSet<Format>>;
  /** ClickHouse's raw answer, for a statement that names its own output format (a CSV or Parquet export). */
  exec(query: string, params: Record<string, unknown>): Promise<Readable>;
}

const READONLY_SQL = "SELECT getSetting('readonly') AS readonly";

type ServerConfig = Extract<AnalyticsConfig, { mode: 'server' }>;

/** The operator's scope key: every org. */
const OPERATOR_KEY = '*';
// ClickHouse's codes for a wrong password and an unknown user: the user was changed behind the engine's back.
const CREDENTIALS_REFUSED = new Set(['516', '192']);

/**
 * Analysts' SQL, each scope (org) on its own, under settings it cannot
 * change: the org's rows only, the limits, and `readonly = 1`, with which
 * ClickHouse refuses any `SET` or `SETTINGS` that changes a setting, every
 * table function but the generators, and every write.
 *
 * Embedded, each scope has its own chDB session on the one engine (a
 * session keeps its settings, and readonly=1 locks them in; the org filter
 * is additional_table_filters). Its queries run one after another, while
 * other scopes run theirs beside it, so one org's long query never stalls
 * another's.
 *
 * On a server (CLICKHOUSE_ANALYST_ISOLATION=users, the default) each scope
 * runs as a ClickHouse user of its own, which the engine sets up with its own
 * user before the scope's first statement and again when the tables change
 * (analyst-users.ts): the database then holds the line whatever the
 * statement, with row policies, grants and constant settings. With
 * `settings`, the filter, the limits and readonly=1 go with every request
 * under the engine's own user instead.
 */
export class AnalystSessions {
  private readonly sessions = new Map<string, { tableFilters: string; client: AnalyticsClient }>();
  /** Server, users isolation: each scope's user, its client, and the tables it was last granted. */
  private readonly users = new Map<string, { credentials: ClickHouseCredentials; client: AnalyticsClient; granted: string | undefined }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Statements running or waiting, per scope. */
  private readonly waiting = new Map<string, number>();
  /** The engine's own user: the settings isolation's queries, and the users isolation's DDL. */
  private server: AnalyticsClient | undefined;

  constructor(
    private readonly config: AnalyticsConfig,
    private readonly limits: AnalystLimits,
  ) {}

  /**
   * Runs `work` after the scope's earlier queries have finished; other scopes do not wait for it.
   * Refuses (AnalystQueueFullError) when the scope already has its fill of statements running or waiting.
   */
  run<T>(scope: AnalystScope, work: (session: AnalystSession) => Promise<T>): Promise<T> {
    const waiting = this.waiting.get(scope.key) ?? 0;
    if (waiting >= this.limits.maxQueuedPerOrg) return Promise.reject(new AnalystQueueFullError(this.limits.maxQueuedPerOrg));
    this.waiting.set(scope.key, waiting + 1);
    const next = (this.queues.get(scope.key) ?? Promise.resolve()).catch(() => undefined).then(() => this.runInSession(scope, work));
    this.queues.set(scope.key, next);
    const forget = () => {
      const left = this.waiting.get(scope.key)! - 1;
      if (left === 0) this.waiting.delete(scope.key);
      else this.waiting.set(scope.key, left);
      if (this.queues.get(scope.key) === next) this.queues.delete(scope.key);
    };
    next.then(forget, forget);
    return next;
  }

  private async runInSession<T>(scope: AnalystScope, work: (session: AnalystSession) => Promise<T>): Promise<T> {
    const session = await this.session(scope);
    try {
      return await work(session);
    } catch (error) {
      // chDB hands what a failed statement had written so far to the session's next answer: the session goes with it.
      await this.discard(scope.key);
      // A user dropped or given another password outside the engine is set up again before the scope's next statement.
      const user = this.users.get(scope.key);
      if (user && CREDENTIALS_REFUSED.has(String((error as { code?: unknown }).code))) user.granted = undefined;
      throw error;
    }
  }

  private async discard(key: string): Promise<void> {
    const open = this.sessions.get(key);
    this.sessions.delete(key);
    await open?.client.close();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.queues.values());
    for (const { client } of this.sessions.values()) await client.close();
    this.sessions.clear();
    for (const { client } of this.users.values()) await client.close();
    this.users.clear();
    await this.server?.close();
  }

  private settings(tableFilters: string) {
    return {
      additional_table_filters: tableFilters,
      max_execution_time: this.limits.maxExecutionSeconds,
      max_memory_usage: String(this.limits.maxMemoryBytes),
      max_rows_to_read: String(this.limits.maxRowsToRead),
      max_result_rows: String(MAX_RESULT_ROWS),
      result_overflow_mode: 'break',
    } as const;
  }

  private async session(scope: AnalystScope): Promise<AnalystSession> {
    if (this.config.mode === 'server' && this.config.analysts.isolation === 'settings') {
      this.server ??= await openAnalyticsClient(this.config);
      const client = this.server;
      const clickhouse_settings = { ...this.settings(scope.tableFilters), readonly: '1' } as never;
      return {
        query: (query, query_params, format) => client.query({ query, query_params, format, clickhouse_settings }),
        exec: async (query, query_params) => (await client.exec({ query, query_params, clickhouse_settings })).stream,
      };
    }
    // The user's own settings hold on a server, the session's embedded: nothing goes with the statement.
    const client = this.config.mode === 'server' ? await this.analystUser(this.config, scope) : await this.embeddedSession(scope);
    return {
      query: (query, query_params, format) => client.query({ query, query_params, format }),
      exec: async (query, query_params) => (await client.exec({ query, query_params })).stream,
    };
  }

  private async analystUser(config: ServerConfig, scope: AnalystScope): Promise<AnalyticsClient> {
    const orgId = scope.key === OPERATOR_KEY ? null : scope.key;
    let user = this.users.get(scope.key);
    if (!user) {
      const username = analystUserName(orgId);
      const credentials = { username, password: analystPassword(this.analystSecret(config), username) };
      user = { credentials, client: openAnalystClient(config, credentials), granted: undefined };
      this.users.set(scope.key, user);
    }
    const granted = JSON.stringify(scope.tables);
    if (user.granted !== granted) {
      this.server ??= await openAnalyticsClient(config);
      const target = { database: config.database, cluster: config.cluster, engineUser: config.username };
      try {
        for (const query of analystUserDdl(target, this.limits, user.credentials, orgId, scope.tables))
          await this.server.command({ query });
      } catch (error) {
        // ClickHouse masks passwords in its own messages; a message that echoes the statement is masked here too.
        throw new AnalystUserError(
          user.credentials.username,
          String(error instanceof Error ? error.message : error).replaceAll(user.credentials.password, '[password]'),
        );
      }
      user.granted = granted;
    }
    return user.client;
  }

  private analystSecret(config: ServerConfig): string {
    if (config.analysts.isolation !== 'users') throw new Error('analysts run as the engine user: there is no analyst secret');
    return config.analysts.secret ?? ownerOnlySecret(config.analysts.secretFile, () => randomBytes(32).toString('base64url'));
  }

  private async embeddedSession(scope: AnalystScope): Promise<AnalyticsClient> {
    const open = this.sessions.get(scope.key);
    if (open?.tableFilters === scope.tableFilters) return open.client;
    // The org's filters changed (a table was added): readonly locked the old ones in, so the session goes.
    await this.discard(scope.key);
    const client = await openAnalyticsClient(this.config);
    try {
      // chDB keeps a statement's settings in its session; readonly comes last, since it then refuses any change.
      await client.command({ query: 'SELECT 1', clickhouse_settings: this.settings(scope.tableFilters) as never });
      await client.command({ query: 'SELECT 1', clickhouse_settings: { readonly: '1' } });
      const [locked] = await (await client.query({ query: READONLY_SQL, format: 'JSONEachRow' })).json<{ readonly: string | number }>();
      if (Number(locked?.readonly) !== 1) throw new Error(`an analyst session did not lock its settings (readonly = ${locked?.readonly})`);
    } catch (error) {
      await client.close();
      throw error;
    }
    this.sessions.set(scope.key, { tableFilters: scope.tableFilters, client });
    return client;
  }
}
