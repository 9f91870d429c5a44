import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Body, Controller, Headers, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { AnalyticsRuntime, AnalystQueueFullError, AnalystUserError, refreshOrgPaths, type AnalystSession } from '@orghealth/analytics';
import { toFieldIssues } from '@orghealth/domain';
import { EXPORT_FORMATS, exportFormat, FormatQuery } from '../exports/export-format.js';
import { attachment } from '../exports/rows-export.js';
import { AnalyticsReads } from '../http/analytics-reads.interceptor.js';
import { ApiError } from '../http/api-error.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { Caller } from '../security/access.js';
import { isOperator, type Principal } from '../security/principal.js';
import { analystTables, orgFilters, refusal, type AnalyticsCatalog } from './sql-guard.js';
import { singleStatement } from './single-statement.js';
import { SqlRequest, type SqlResult } from './sql.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

const CATALOG_SQL = `SELECT name, engine = 'View' AS isView, name IN (SELECT table FROM system.columns WHERE database = currentDatabase() AND name = 'org_id') AS hasOrg
  FROM system.tables WHERE database = currentDatabase()`;

const SINGLE_STATEMENT_SQL = 'SELECT formatQuerySingleLine({statement:String}) AS statement';

/**
 * Read-only SQL over the analytics, for HR analysts and the `orghealth sql`
 * CLI: the one way to query the embedded store while the engine runs, since
 * chDB binds its directory to this process. Each request is one statement
 * (single-statement.ts, then ClickHouse's own parser over the whole text),
 * run in its org's analyst session (AnalystSessions): embedded, the org
 * filter, the limits and readonly=1 are set there before it; on a server it
 * runs as the org's own ClickHouse user, whose row policies, grants and
 * constant settings the engine set up. ClickHouse refuses any change to
 * them. The statement may read nothing but the analytics tables and views
 * (sql-guard.ts). The operator's key reads every org.
 */
@UseInterceptors(AnalyticsReads)
@Controller()
export class SqlController {
  constructor(private readonly analytics: AnalyticsRuntime) {}

  @Route(API_ROUTES.runSql)
  async run(
    @Body() body: unknown,
    @Query(new ZodValidationPipe(FormatQuery, 'query')) query: FormatQuery,
    @Headers('accept') accept: string | undefined,
    @Caller() caller: Principal,
  ): Promise<SqlResult | StreamableFile> {
    const parsed = SqlRequest.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    const { sql, params = {}, maxRows } = parsed.data;
    const single = singleStatement(sql);
    if ('refusal' in single) throw refused(single.refusal);
    const format = exportFormat(query.format, accept);
    const sessions = this.analytics.analystSessions();
    try {
      const catalog = await this.catalog();
      const tables = analystTables(catalog);
      const scope = isOperator(caller)
        ? { key: '*', tableFilters: '{}', tables }
        : { key: caller.orgId, tableFilters: orgFilters(caller.orgId, catalog.orgTables), tables };
      // In the org's turn, so a full queue refuses at once: the analyst views read the org's newest recorded paths,
      // made current for the orgs this caller may read, and the statement is checked.
      const ready = async (session: AnalystSession) => {
        await refreshOrgPaths(this.analytics.client(), isOperator(caller) ? undefined : [caller.orgId]);
        await checked(session, single.statement, params, catalog);
      };
      if (format) {
        // The file streams out after the handler returns; the org's next statement waits until it has all been read.
        const answer = new Promise<Readable>((resolve, reject) => {
          sessions
            .run(scope, async (session) => {
              await ready(session);
              const stream = await session.exec(`${single.statement}\nFORMAT ${EXPORT_FORMATS[format].clickhouse}`, params);
              resolve(stream);
              await finished(stream);
            })
            .catch(reject);
        });
        return new StreamableFile(await answer, { type: EXPORT_FORMATS[format].mediaType, disposition: attachment('sql-answer', format) });
      }
      return await sessions.run(scope, async (session) => {
        await ready(session);
        const { meta, data } = await (await session.query(single.statement, params, 'JSONCompact')).json<unknown[]>();
        const rows = data as unknown[][];
        return {
          columns: meta ?? [],
          rows: rows.slice(0, maxRows),
          rowCount: Math.min(rows.length, maxRows),
          truncated: rows.length > maxRows,
        };
      });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof AnalystQueueFullError)
        throw new ApiError({ statusCode: 429, error: 'too_many_requests', message: error.message, field: 'sql' });
      // The engine's own ClickHouse user could not set up the analysts' one: the operator's to fix, not the statement's (a 503).
      if (error instanceof AnalystUserError) throw error;
      // ClickHouse's own message (syntax, unknown table, readonly, a limit) is the analyst's to read; no stack, no paths.
      const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\s*\(version [^)]*\)\s*$/, '') : String(error);
      throw new ApiError({ statusCode: 400, error: 'bad_request', message: `the query failed: ${message}`, field: 'sql' });
    }
  }

  private async catalog(): Promise<AnalyticsCatalog> {
    const rows = await (await this.analytics.client().query({ query: CATALOG_SQL, format: 'JSONEachRow' })).json<{
      name: string;
      isView: number | boolean;
      hasOrg: number | boolean;
    }>();
    return {
      orgTables: new Set(rows.filter((row) => Boolean(row.hasOrg)).map((row) => row.name)),
      views: new Set(rows.filter((row) => Boolean(row.isView)).map((row) => row.name)),
      all: new Set(rows.map((row) => row.name)),
    };
  }
}

/** Refuses a second statement, or a read outside the analytics tables and views, before the statement runs. */
async function checked(
  session: AnalystSession,
  statement: string,
  params: Record<string, unknown>,
  catalog: AnalyticsCatalog,
): Promise<void> {
  // ClickHouse's parser judges the whole text too: it refuses a second statement wherever the lexer above was wrong.
  await (await session.query(SINGLE_STATEMENT_SQL, { statement }, 'JSONEachRow')).json();
  const ast = await session.query(`EXPLAIN AST ${statement}`, params, 'TabSeparatedRaw');
  // chDB answers EXPLAIN in CSV whatever the format asked, a server in the format asked: unquote either.
  const lines = (await ast.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^"(.*)"$/, '$1'));
  const refusedBy = refusal(lines, catalog);
  if (refusedBy) throw refused(refusedBy);
}

const refused = (reason: string) =>
  new ApiError({ statusCode: 400, error: 'bad_request', message: `the query is refused: ${reason}`, field: 'sql' });
