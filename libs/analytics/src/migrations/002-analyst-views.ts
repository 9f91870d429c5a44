import type { Migration } from './migration.js';

/*
 * The org at asOf as these views first computed it, a recursion over the
 * reporting lines, frozen here: a migration never changes once applied.
 * Migration 4 redefines the views over the org's path intervals.
 */
const ORG_AT_CTES = `
  active AS MATERIALIZED (
    SELECT person_id, latest.2 AS manager_id
    FROM (
      SELECT person_id, argMax((change, manager_id), (occurred_at, position)) AS latest
      FROM reporting_lines FINAL
      WHERE org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
      GROUP BY person_id
    )
    WHERE latest.1 != 'left'),
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

/*
 * Views for HR analysts (docs/analysts.md), so SQL can be written without
 * knowing the projector's tables. All are parameterized by org and instant:
 *   SELECT * FROM people_as_of(orgId = 'acme', asOf = '2026-07-01 00:00:00')
 * They read the fact tables with FINAL, as every read must.
 */
export const analystViews: Migration = {
  version: 2,
  name: 'analyst-views',
  statements: [
    // Every person active at asOf: manager, layer (1 = top) and the chain from the top down to them.
    `CREATE OR REPLACE VIEW people_as_of AS
      WITH ${ORG_AT_CTES}
      SELECT person_id, if(layer > 1, path[-2], NULL) AS manager_id, toUInt32(layer) AS layer, path AS chain_from_top
      FROM org
      SETTINGS enable_materialized_cte = 1`,

    // Every manager at asOf (|D(m)| ≥ 1) with their layer, span of control and number of skip-level reports |S(m)|.
    `CREATE OR REPLACE VIEW managers_as_of AS
      WITH ${ORG_AT_CTES},
      spans AS (SELECT path[-2] AS manager_id, min(layer) - 1 AS manager_layer, count() AS directs FROM org WHERE layer > 1 GROUP BY manager_id),
      skips AS (SELECT path[-3] AS manager_id, count() AS skip_reports FROM org WHERE layer > 2 GROUP BY manager_id)
      SELECT spans.manager_id AS person_id, toUInt32(spans.manager_layer) AS layer, toUInt32(spans.directs) AS span_of_control,
             toUInt32(skips.skip_reports) AS skip_level_reports
      FROM spans LEFT JOIN skips ON skips.manager_id = spans.manager_id
      SETTINGS enable_materialized_cte = 1, join_use_nulls = 0`,

    // The person-to-person practice facts up to asOf (1:1s, feedback, skip-levels), each with both persons' layers at asOf
    // (null for someone not active then) and whether the second person was a direct report of the first at asOf.
    `CREATE OR REPLACE VIEW practice_facts_as_of AS
      WITH ${ORG_AT_CTES},
      facts AS (
        SELECT 'check_in' AS practice, event_id, occurred_at, leader_id AS from_id, report_id AS to_id, CAST(NULL AS Nullable(String)) AS detail
        FROM check_ins FINAL WHERE org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
        UNION ALL
        SELECT 'feedback', event_id, occurred_at, giver_id, receiver_id, concat(kind, if(solicited, ' solicited', ''))
        FROM feedback FINAL WHERE org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
        UNION ALL
        SELECT 'skip_level', event_id, occurred_at, leader_id, report_id, if(manager_looped_in, 'manager looped in', 'manager not looped in')
        FROM skip_levels FINAL WHERE org_id = {orgId:String} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
      )
      SELECT facts.practice AS practice, facts.event_id AS event_id, facts.occurred_at AS occurred_at,
             facts.from_id AS from_id, if(a.person_id = '', NULL, toUInt32(a.layer)) AS from_layer,
             facts.to_id AS to_id, if(b.person_id = '', NULL, toUInt32(b.layer)) AS to_layer,
             b.person_id != '' AND length(b.path) > 1 AND b.path[-2] = facts.from_id AS to_is_direct_report,
             facts.detail AS detail
      FROM facts
      LEFT JOIN org AS a ON a.person_id = facts.from_id
      LEFT JOIN org AS b ON b.person_id = facts.to_id
      SETTINGS enable_materialized_cte = 1, join_use_nulls = 0`,
  ],
};
