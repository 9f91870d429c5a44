import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import { ACTIVE_AT_SQL } from '../reporting-lines-as-of.js';

/**
 * The org at T as CTEs, each computed once per query (the spec's "org at T").
 * `org` holds every active person reachable from a top person, with `path`:
 * their chain of managers from the top down to themselves. So layer is
 * length(path), the manager is path[-2] (layer ≥ 2), the skip-level manager
 * is path[-3] (layer ≥ 3), and Subtree(u) is every row whose path has u.
 *
 * A person whose manager at T is not active (left without their reports
 * being moved) counts as a top person, layer 1: the spec's layers and D(m)
 * are over the org at T, which no longer holds that manager. The recursion
 * only grows from top people, so a reporting cycle (which the write side
 * refuses) could never loop; its members would be left out.
 */
export const ORG_AT_CTES = `
  active AS MATERIALIZED (${ACTIVE_AT_SQL}),
  org AS MATERIALIZED (
    WITH RECURSIVE tree AS (
      SELECT person_id, [person_id] AS path
      FROM active
      WHERE manager_id IS NULL OR manager_id NOT IN (SELECT person_id FROM active)
      UNION ALL
      SELECT active.person_id, arrayPushBack(tree.path, active.person_id)
      FROM active INNER JOIN tree ON active.manager_id = tree.person_id
    )
    SELECT person_id, path, length(path) AS layer FROM tree
  )`;

/**
 * Ends every query using ORG_AT_CTES: without it, every reference to `active`
 * (one per step of the recursion) and to `org` would compute them again.
 */
export const MATERIALIZED_CTE_SETTINGS = 'SETTINGS enable_materialized_cte = 1';

// The spec's org at T: active people, their manager and their layer.
const ORG_AT_SQL = `
  WITH ${ORG_AT_CTES}
  SELECT person_id, if(layer > 1, path[-2], NULL) AS manager_id, toUInt32(layer) AS layer
  FROM org
  ORDER BY layer, person_id
  ${MATERIALIZED_CTE_SETTINGS}`;

export interface OrgMember {
  personId: string;
  managerId: string | null;
  /** 1 for a person without a manager at T, their manager's layer + 1 for everyone else. */
  layer: number;
}

/** Every person active at `asOf`, with their manager and layer then, top layer first. */
export async function orgAt(client: AnalyticsClient, orgId: string, asOf: string | Date): Promise<OrgMember[]> {
  const result = await client.query({ query: ORG_AT_SQL, query_params: { orgId, asOf: toDateTime64(asOf) }, format: 'JSONEachRow' });
  const rows = await result.json<{ person_id: string; manager_id: string | null; layer: number }>();
  return rows.map((row) => ({ personId: row.person_id, managerId: row.manager_id, layer: row.layer }));
}
