import type { DataFormat, ResultSet } from '@clickhouse/client';
import type { AnalyticsConfig, AnalystLimits } from '@orghealth/config';
import { openAnalyticsClient, type AnalyticsClient } from './analytics-client.js';

/** Whose analyst queries these are: one queue and (embedded) one session per key. */
export interface AnalystScope {
  /** The org id, or `*` for the operator. */
  key: string;
  /** ClickHouse's additional_table_filters for the scope: `{}` reads every org. */
  tableFilters: string;
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
}

/** The most rows a result is cut at; the request's own maxRows (at most 1,000,000) is applied after. */
const MAX_RESULT_ROWS = 1_000_001;
const READONLY_SQL = "SELECT getSetting('readonly') AS readonly";

/**
 * Analysts' SQL, each scope (org) on its own, under settings fixed before its
 * first statement: the org filter, the limits, and `readonly = 1`, with
 * which ClickHouse refuses any `SET` or `SETTINGS` that changes a setting,
 * every table function but the generators, and every write.
 *
 * Embedded, each scope has its own chDB session on the one engine (a
 * session keeps its settings, and readonly=1 locks them in); its queries run
 * one after another, while other scopes run theirs beside it, so one org's
 * long query never stalls another's. On a server, HTTP requests share no
 * session: the settings go with every request, readonly=1 among them, under
 * the engine's own ClickHouse user (the per-org users with row policies in
 * docs/security.md are the operator's to create; this class does not use them).
 */
export class AnalystSessions {
  private readonly sessions = new Map<string, { tableFilters: string; client: AnalyticsClient }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Statements running or waiting, per scope. */
  private readonly waiting = new Map<string, number>();
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
    const next = (this.queues.get(scope.key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.runInSession(scope, work));
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
    if (this.config.mode === 'server') {
      this.server ??= await openAnalyticsClient(this.config);
      const client = this.server;
      const clickhouse_settings = { ...this.settings(scope.tableFilters), readonly: '1' } as never;
      return { query: (query, query_params, format) => client.query({ query, query_params, format, clickhouse_settings }) };
    }
    const client = await this.embeddedSession(scope);
    return { query: (query, query_params, format) => client.query({ query, query_params, format }) };
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
