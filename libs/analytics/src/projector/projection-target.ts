import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import type { ProjectedBatch } from './project-events.js';

// max(): the checkpoint table keeps every save until a merge; the highest is the one that counts.
const LOAD_CHECKPOINT_SQL = 'SELECT max(position) AS position FROM {table:Identifier} WHERE projector = {projector:String}';
const DEAD_LETTER_COUNT_SQL = 'SELECT count() AS count FROM {table:Identifier} FINAL';

/** The name a projected table is written under: itself, or its rebuild's copy (rebuild/shadow-tables.ts). */
export type TableName = (table: string) => string;

/** The projector's side of ClickHouse: rows, dead letters and the checkpoint. */
export class ProjectionTarget {
  constructor(
    private readonly client: AnalyticsClient,
    /** The checkpoint's key. */
    private readonly projector: string,
    private readonly tableName: TableName = (table) => table,
  ) {}

  /**
   * Inserts the batch's rows and dead letters. Safe to repeat, whole or in
   * part: every table dedupes by its key, which ends with the event id.
   */
  async write(batch: ProjectedBatch): Promise<void> {
    // Side by side: ClickHouse parses and writes each table's part on threads of its own while this one serialises the next.
    const inserts = [...batch.rowsByTable].map(([table, rows]) => this.insertCompact(table, rows));
    if (batch.deadLetters.length > 0) inserts.push(this.insertCompact('dead_letters', batch.deadLetters));
    // Every insert settles before a failure is thrown: a retry must not overlap an insert of this batch still running.
    const results = await Promise.allSettled(inserts);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Rows as arrays under one column list (JSONCompactEachRow): about half the
   * bytes of JSONEachRow to build and parse. Every row of a table comes from
   * one mapping, so the first row's keys name the columns of all of them.
   */
  private async insertCompact(table: string, rows: readonly object[]): Promise<void> {
    const columns = Object.keys(rows[0]!) as [string, ...string[]];
    const values = rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column]));
    await this.client.insert({ table: this.tableName(table), values, columns, format: 'JSONCompactEachRow' });
  }

  /** Position of the last event whose effects are stored; 0 before the first save. */
  async loadCheckpoint(): Promise<number> {
    const result = await this.client.query({
      query: LOAD_CHECKPOINT_SQL,
      query_params: { table: this.tableName('projector_checkpoints'), projector: this.projector },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ position: string | number }>();
    return Number(row?.position ?? 0);
  }

  /** Call only once everything up to `position` has been written. */
  async saveCheckpoint(position: number, now: Date): Promise<void> {
    await this.client.insert({
      table: this.tableName('projector_checkpoints'),
      values: [{ projector: this.projector, position, saved_at: toDateTime64(now) }],
      format: 'JSONEachRow',
    });
  }

  async deadLetterCount(): Promise<number> {
    const result = await this.client.query({
      query: DEAD_LETTER_COUNT_SQL,
      query_params: { table: this.tableName('dead_letters') },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ count: string | number }>();
    return Number(row?.count ?? 0);
  }
}
