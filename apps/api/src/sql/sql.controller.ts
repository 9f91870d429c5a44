import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { AnalyticsRuntime, refreshOrgPaths } from '@orghealth/analytics';
import { toFieldIssues } from '@orghealth/domain';
import { AnalyticsReads } from '../http/analytics-reads.interceptor.js';
import { ApiError } from '../http/api-error.js';
import { Allow, Caller } from '../security/access.js';
import { isOperator, type Principal } from '../security/principal.js';
import { orgFilters, refusal, type AnalyticsCatalog } from './sql-guard.js';
import { SqlRequest, type SqlResult } from './sql.schemas.js';

const CATALOG_SQL = `SELECT name, engine = 'View' AS isView, name IN (SELECT table FROM system.columns WHERE database = currentDatabase() AND name = 'org_id') AS hasOrg
  FROM system.tables WHERE database = currentDatabase()`;

/**
 * Read-only SQL over the analytics, for HR analysts and the `orghealth sql`
 * CLI: the one way to query the embedded store while the engine runs, since
 * chDB binds its directory to this process. ClickHouse itself refuses writes
 * (`readonly = 2`: reads, and the settings this endpoint caps them with).
 * An org's analysts read their org's rows only: every org table is filtered
 * by ClickHouse (additional_table_filters) and the statement may read
 * nothing else (sql-guard.ts). The operator's key reads every org.
 */
@UseInterceptors(AnalyticsReads)
@Controller('v1/sql')
export class SqlController {
  constructor(private readonly analytics: AnalyticsRuntime) {}

  @Post()
  @HttpCode(200)
  @Allow(['admin', 'hr_analyst'], { audit: 'individual-read', auditBodyField: 'sql' })
  async run(@Body() body: unknown, @Caller() caller: Principal): Promise<SqlResult> {
    const parsed = SqlRequest.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    const { sql, params, maxRows } = parsed.data;
    const client = this.analytics.analystClient();
    // The analyst views read the org's newest recorded paths: those of the orgs this caller may read are made current.
    await refreshOrgPaths(this.analytics.client(), isOperator(caller) ? undefined : [caller.orgId]);
    try {
      const catalog = await this.catalog();
      const ast = await client.query({ query: `EXPLAIN AST ${sql}`, query_params: params ?? {}, format: 'TabSeparatedRaw', clickhouse_settings: { readonly: '2' } });
      // chDB answers EXPLAIN in CSV whatever the format asked, a server in the format asked: unquote either.
      const lines = (await ast.text()).split('\n').filter(Boolean).map((line) => line.replace(/^"(.*)"$/, '$1'));
      const refused = refusal(lines, catalog);
      if (refused) throw new ApiError({ statusCode: 400, error: 'bad_request', message: `the query is refused: ${refused}`, field: 'sql' });
      // Always set: on chDB a session keeps the last query's settings, and the previous caller's org must not stick.
      const additional_table_filters = isOperator(caller) ? '{}' : orgFilters(caller.orgId, catalog.orgTables);
      const result = await client.query({
        query: sql,
        query_params: params ?? {},
        format: 'JSONCompact',
        clickhouse_settings: {
          readonly: '2',
          max_result_rows: String(maxRows + 1),
          result_overflow_mode: 'break',
          max_execution_time: 60,
          additional_table_filters: additional_table_filters as never,
        },
      });
      const { meta, data } = await result.json<unknown[]>();
      const rows = data as unknown[][];
      return { columns: meta ?? [], rows: rows.slice(0, maxRows), rowCount: Math.min(rows.length, maxRows), truncated: rows.length > maxRows };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // ClickHouse's own message (syntax, unknown table, readonly) is the analyst's to read; no stack, no paths.
      const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\s*\(version [^)]*\)\s*$/, '') : String(error);
      throw new ApiError({ statusCode: 400, error: 'bad_request', message: `the query failed: ${message}`, field: 'sql' });
    }
  }

  private async catalog(): Promise<AnalyticsCatalog> {
    const rows = await (await this.analytics.client().query({ query: CATALOG_SQL, format: 'JSONEachRow' })).json<{ name: string; isView: number | boolean; hasOrg: number | boolean }>();
    return {
      orgTables: new Set(rows.filter((row) => Boolean(row.hasOrg)).map((row) => row.name)),
      views: new Set(rows.filter((row) => Boolean(row.isView)).map((row) => row.name)),
      all: new Set(rows.map((row) => row.name)),
    };
  }
}
