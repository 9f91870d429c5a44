import type { AnalyticsClient } from './analytics-client.js';
import { toDateTime64 } from './clickhouse-time.js';

/**
 * The org at an instant, from the reporting-line history: every person
 * active at asOf with their manager then (null at the top). A person's state
 * is their latest structure event with occurred_at <= asOf, the store's
 * position breaking ties; a 'left' there means not active. The tuple keeps
 * a NULL manager from being skipped by argMax.
 */
export const ACTIVE_AT_SQL = `
  SELECT person_id, latest.2 AS manager_id
  FROM (
    SELECT person_id, argMax((change, manager_id), (occurred_at, position)) AS latest
    FROM reporting_lines FINAL
    WHERE org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
    GROUP BY person_id
  )
  WHERE latest.1 != 'left'`;

export const REPORTING_LINES_AS_OF_SQL = `${ACTIVE_AT_SQL} ORDER BY person_id`;

export interface ReportingLine {
  personId: string;
  managerId: string | null;
}

export async function reportingLinesAsOf(client: AnalyticsClient, orgId: string, asOf: string | Date): Promise<ReportingLine[]> {
  const result = await client.query({
    query: REPORTING_LINES_AS_OF_SQL,
    query_params: { orgId, asOf: toDateTime64(asOf) },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ person_id: string; manager_id: string | null }>();
  return rows.map((row) => ({ personId: row.person_id, managerId: row.manager_id }));
}
