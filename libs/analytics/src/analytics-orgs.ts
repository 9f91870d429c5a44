import type { AnalyticsClient } from './analytics-client.js';

// Every org the analytics hold: an org has people before it has anything else.
const ORGS_SQL = 'SELECT DISTINCT org_id FROM reporting_lines ORDER BY org_id';

/** The orgs the analytics know, for work done per org (alert schedules, warming the write model). */
export async function analyticsOrgs(client: AnalyticsClient): Promise<string[]> {
  const result = await client.query({ query: ORGS_SQL, format: 'JSONEachRow' });
  return (await result.json<{ org_id: string }>()).map((row) => row.org_id);
}
