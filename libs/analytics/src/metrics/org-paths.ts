import type { AnalyticsClient } from '../analytics-client.js';
import { analyticsOrgs } from '../analytics-orgs.js';
import { localTable } from '../migrations/cluster-ddl.js';

/*
 * The spec's "org at T" for every T at once, as path intervals: the person
 * was active from valid_from until just before valid_to, with `path` their
 * chain of managers from the top down to themselves (layer = length(path),
 * manager = path[-2], skip-level manager = path[-3]). The org at T is then
 * a range filter instead of a recursion, and a trend reads the org at 52
 * instants from one scan.
 *
 * It is the same org as the point-in-time recursion of org-at.ts (a test
 * compares both at every instant of a scenario): a person's state holds from
 * their structure event until their next one (the store's position breaking
 * ties, so a superseded row spans nothing); while their manager is not
 * active they count as a top person; the recursion grows from top people
 * only, intersecting each report's interval with their manager's, so a
 * reporting cycle (which the write side refuses) could never loop.
 */
const ORG_PATHS_SQL = `
  INSERT INTO org_paths (org_id, version, person_id, path, valid_from, valid_to)
  WITH
    spells AS (
      SELECT person_id, change, manager_id, occurred_at AS valid_from,
        leadInFrame(occurred_at, 1, toDateTime64('2299-12-31 00:00:00', 3, 'UTC'))
          OVER (PARTITION BY person_id ORDER BY occurred_at, position ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS valid_to
      FROM reporting_lines FINAL
      WHERE org_id = {orgId:String} AND position <= {version:UInt64}
    ),
    active_spells AS MATERIALIZED (
      SELECT person_id, manager_id, valid_from, valid_to FROM spells WHERE change != 'left' AND valid_from < valid_to
    ),
    -- The parts of a report's spell during which their manager is active too.
    managed_pieces AS MATERIALIZED (
      SELECT report.person_id AS person_id, report.manager_id AS manager_id, report.valid_from AS spell_from,
        greatest(report.valid_from, boss.valid_from) AS valid_from, least(report.valid_to, boss.valid_to) AS valid_to
      FROM active_spells AS report INNER JOIN active_spells AS boss ON boss.person_id = report.manager_id
      WHERE boss.valid_from < report.valid_to AND report.valid_from < boss.valid_to
    ),
    -- Top people: no manager, or a manager who is not active (the gaps of a spell between its managed pieces).
    top_pieces AS (
      SELECT person_id, valid_from, valid_to FROM active_spells WHERE manager_id IS NULL
      UNION ALL
      SELECT person_id, gap.1 AS valid_from, gap.2 AS valid_to
      FROM (
        SELECT spell.person_id AS person_id, spell.valid_from AS spell_from, spell.valid_to AS spell_to,
          arraySort(groupArrayIf((piece.valid_from, piece.valid_to), piece.person_id != '')) AS managed
        FROM active_spells AS spell
        LEFT JOIN managed_pieces AS piece ON piece.person_id = spell.person_id AND piece.spell_from = spell.valid_from
        WHERE spell.manager_id IS NOT NULL
        GROUP BY spell.person_id, spell.valid_from, spell.valid_to
      )
      ARRAY JOIN arrayFilter(
        gap -> gap.1 < gap.2,
        arrayMap(i -> (if(i = 1, spell_from, managed[i - 1].2), if(i > length(managed), spell_to, managed[i].1)), range(1, length(managed) + 2))
      ) AS gap
    ),
    tree AS (
      WITH RECURSIVE tree AS (
        SELECT person_id, [person_id] AS path, valid_from, valid_to FROM top_pieces
        UNION ALL
        SELECT piece.person_id, arrayPushBack(tree.path, piece.person_id), greatest(piece.valid_from, tree.valid_from), least(piece.valid_to, tree.valid_to)
        FROM managed_pieces AS piece INNER JOIN tree ON piece.manager_id = tree.person_id
        WHERE tree.valid_from < piece.valid_to AND piece.valid_from < tree.valid_to
      )
      SELECT person_id, path, valid_from, valid_to FROM tree
    )
  SELECT {orgId:String}, {version:UInt64}, person_id, path, valid_from, valid_to FROM tree
  SETTINGS enable_materialized_cte = 1, join_use_nulls = 0`;

/**
 * The org at T, T an SQL instant: one row per active person, with `path`
 * (their chain of managers from the top down to themselves) and `layer`.
 * This filter over the path intervals is the one definition of "the org at
 * T" every read uses: orgAt, the metrics (timeline.ts) and, through the same
 * table, the analyst views. Reads org_paths at {pathsVersion} of {orgId};
 * `leading` columns come first (a query over several instants adds k).
 */
export const orgPathsAt = (instant: string, leading = '') => `
  SELECT ${leading}person_id, path, length(path) AS layer
  FROM org_paths FINAL
  WHERE org_id = {orgId:String} AND version = {pathsVersion:UInt64} AND valid_from <= ${instant} AND ${instant} < valid_to`;

// The version the org's reporting lines are at, and whether its paths are computed.
const VERSION_SQL = `
  SELECT version, version IN (SELECT version FROM org_path_versions WHERE org_id = {orgId:String}) AS computed
  FROM (SELECT max(position) AS version FROM reporting_lines WHERE org_id = {orgId:String})`;

const RECORD_VERSION_SQL = `
  INSERT INTO org_path_versions (org_id, version, computed_at) VALUES ({orgId:String}, {version:UInt64}, now64(3))`;

/*
 * Versions older than an org's two newest recorded ones: a query that read
 * the previous version a moment ago still finds its rows, and a version
 * being computed (not recorded yet) is never touched.
 */
const SUPERSEDED = `
  (org_id, version) IN (
    SELECT org_id, version FROM org_path_versions FINAL
    WHERE (org_id, version) NOT IN (SELECT org_id, version FROM org_path_versions FINAL ORDER BY version DESC LIMIT 2 BY org_id)
  )`;

/**
 * Deletes the path intervals of superseded versions (the analytics runtime
 * does it from time to time). On a cluster the rows live in the shards'
 * local tables, which a DELETE must name.
 */
export async function deleteSupersededOrgPaths(client: AnalyticsClient, cluster?: string): Promise<void> {
  const table = cluster === undefined ? 'org_paths' : `${localTable('org_paths')} ON CLUSTER \`${cluster}\``;
  await client.command({ query: `DELETE FROM ${table} WHERE ${SUPERSEDED}` });
}

/**
 * The version of the org's path intervals that reflects every reporting line
 * projected so far, computing it first when it is not there yet (after a
 * structure event, once per version). Queries read `org_paths` at it.
 * Superseded versions stay until deleteSupersededOrgPaths.
 */
export async function currentOrgPaths(client: AnalyticsClient, orgId: string): Promise<number> {
  const result = await client.query({ query: VERSION_SQL, query_params: { orgId }, format: 'JSONEachRow' });
  const [row] = await result.json<{ version: number | string; computed: number }>();
  const version = Number(row?.version ?? 0);
  if (row?.computed) return version;
  const params = { orgId, version };
  await client.command({ query: ORG_PATHS_SQL, query_params: params });
  await client.command({ query: RECORD_VERSION_SQL, query_params: params });
  return version;
}

/**
 * Brings the path intervals of `orgIds` (every org when not given) up to
 * date, for readers that cannot compute them on their own: the analyst
 * views read the newest recorded version.
 */
export async function refreshOrgPaths(client: AnalyticsClient, orgIds?: readonly string[]): Promise<void> {
  for (const orgId of orgIds ?? (await analyticsOrgs(client))) await currentOrgPaths(client, orgId);
}
