import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import { toFieldIssues } from '@orghealth/domain';
import { ApiError } from '../http/api-error.js';
import { SqlRequest, type SqlResult } from './sql.schemas.js';

/**
 * Read-only SQL over the analytics, for HR analysts and the `orghealth sql`
 * CLI: the one way to query the embedded store while the engine runs, since
 * chDB binds its directory to this process. ClickHouse itself refuses writes
 * (`readonly = 2`: reads, and the settings this endpoint caps them with).
 */
@Controller('v1/sql')
export class SqlController {
  constructor(private readonly analytics: AnalyticsRuntime) {}

  @Post()
  @HttpCode(200)
  async run(@Body() body: unknown): Promise<SqlResult> {
    const parsed = SqlRequest.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    const { sql, params, maxRows } = parsed.data;
    const client = this.analytics.analystClient();
    try {
      const result = await client.query({
        query: sql,
        query_params: params ?? {},
        format: 'JSONCompact',
        clickhouse_settings: { readonly: '2', max_result_rows: String(maxRows + 1), result_overflow_mode: 'break', max_execution_time: 60 },
      });
      const { meta, data } = await result.json<unknown[]>();
      const rows = data as unknown[][];
      return { columns: meta ?? [], rows: rows.slice(0, maxRows), rowCount: Math.min(rows.length, maxRows), truncated: rows.length > maxRows };
    } catch (error) {
      // ClickHouse's own message (syntax, unknown table, readonly) is the analyst's to read; no stack, no paths.
      const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\s*\(version [^)]*\)\s*$/, '') : String(error);
      throw new ApiError({ statusCode: 400, error: 'bad_request', message: `the query failed: ${message}`, field: 'sql' });
    }
  }
}
