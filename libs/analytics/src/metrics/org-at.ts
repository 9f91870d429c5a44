import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import { currentOrgPaths, orgPathsAt } from './org-paths.js';

// The spec's org at T: active people, their manager and their layer.
const ORG_AT_SQL = `
  SELECT person_id, if(layer > 1, path[-2], NULL) AS manager_id, toUInt32(layer) AS layer
  FROM (${orgPathsAt(`{asOf:DateTime64(3, 'UTC')}`)})
  ORDER BY layer, person_id`;

export interface OrgMember {
  personId: string;
  managerId: string | null;
  /** 1 for a person without a manager at T, their manager's layer + 1 for everyone else. */
  layer: number;
}

/**
 * Every person active at `asOf`, with their manager and layer then, top
 * layer first: the org's path intervals (org-paths.ts) at that instant.
 */
export async function orgAt(client: AnalyticsClient, orgId: string, asOf: string | Date): Promise<OrgMember[]> {
  const pathsVersion = await currentOrgPaths(client, orgId);
  const result = await client.query({
    query: ORG_AT_SQL,
    query_params: { orgId, pathsVersion, asOf: toDateTime64(asOf) },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ person_id: string; manager_id: string | null; layer: number }>();
  return rows.map((row) => ({ personId: row.person_id, managerId: row.manager_id, layer: row.layer }));
}
