import type { Migration } from './migration.js';

/*
 * The analyst views of migration 2, with the org at asOf read from the org's
 * path intervals (org_paths) as the metrics read it, instead of a recursion
 * of their own: one definition of the org at T for every reader. They read
 * the newest version of the paths the engine recorded; the engine brings an
 * org's paths up to date before each metric query and each /v1/sql request.
 * Same columns as before, so analysts' queries keep working.
 */
const ORG_AT_CTE = `
  org AS MATERIALIZED (
    SELECT person_id, path, length(path) AS layer
    FROM org_paths FINAL
    WHERE org_id = {orgId:String}
      AND version = (SELECT max(version) FROM org_path_versions WHERE org_id = {orgId:String})
      AND valid_from <= {asOf:DateTime64(3, 'UTC')} AND {asOf:DateTime64(3, 'UTC')} < valid_to
  )`;

// The practice facts of the org up to asOf.
const UP_TO_AS_OF = `org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}`;

// The other views read people_as_of, so they see the org exactly as it does.
const PEOPLE_AS_OF = `people_as_of(orgId = {orgId:String}, asOf = {asOf:DateTime64(3, 'UTC')})`;

export const analystViewsOverOrgPaths: Migration = {
  version: 4,
  name: 'analyst-views-over-org-paths',
  statements: [
    `CREATE OR REPLACE VIEW people_as_of AS
      WITH ${ORG_AT_CTE}
      SELECT person_id, if(layer > 1, path[-2], NULL) AS manager_id, toUInt32(layer) AS layer, path AS chain_from_top
      FROM org
      SETTINGS enable_materialized_cte = 1`,

    `CREATE OR REPLACE VIEW managers_as_of AS
      WITH people AS MATERIALIZED (SELECT chain_from_top, layer FROM ${PEOPLE_AS_OF}),
      spans AS (SELECT chain_from_top[-2] AS manager_id, min(layer) - 1 AS manager_layer, count() AS directs FROM people WHERE layer > 1 GROUP BY manager_id),
      skips AS (SELECT chain_from_top[-3] AS manager_id, count() AS skip_reports FROM people WHERE layer > 2 GROUP BY manager_id)
      SELECT spans.manager_id AS person_id, toUInt32(spans.manager_layer) AS layer, toUInt32(spans.directs) AS span_of_control,
             toUInt32(skips.skip_reports) AS skip_level_reports
      FROM spans LEFT JOIN skips ON skips.manager_id = spans.manager_id
      SETTINGS enable_materialized_cte = 1, join_use_nulls = 0`,

    `CREATE OR REPLACE VIEW practice_facts_as_of AS
      WITH people AS MATERIALIZED (SELECT person_id, manager_id, layer FROM ${PEOPLE_AS_OF}),
      facts AS (
        SELECT 'check_in' AS practice, event_id, occurred_at, leader_id AS from_id, report_id AS to_id, CAST(NULL AS Nullable(String)) AS detail
        FROM check_ins FINAL WHERE ${UP_TO_AS_OF}
        UNION ALL
        SELECT 'feedback', event_id, occurred_at, giver_id, receiver_id, concat(kind, if(solicited, ' solicited', ''))
        FROM feedback FINAL WHERE ${UP_TO_AS_OF}
        UNION ALL
        SELECT 'skip_level', event_id, occurred_at, leader_id, report_id, if(manager_looped_in, 'manager looped in', 'manager not looped in')
        FROM skip_levels FINAL WHERE ${UP_TO_AS_OF}
      )
      SELECT facts.practice AS practice, facts.event_id AS event_id, facts.occurred_at AS occurred_at,
             facts.from_id AS from_id, if(a.person_id = '', NULL, a.layer) AS from_layer,
             facts.to_id AS to_id, if(b.person_id = '', NULL, b.layer) AS to_layer,
             b.person_id != '' AND ifNull(b.manager_id = facts.from_id, false) AS to_is_direct_report,
             facts.detail AS detail
      FROM facts
      LEFT JOIN people AS a ON a.person_id = facts.from_id
      LEFT JOIN people AS b ON b.person_id = facts.to_id
      SETTINGS enable_materialized_cte = 1, join_use_nulls = 0`,
  ],
};
