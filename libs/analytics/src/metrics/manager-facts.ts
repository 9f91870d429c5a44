/*
 * The numerators and denominators of every per-manager metric, one row per
 * manager and instant of the timeline (`manager_facts`, keyed by k).
 *
 * Facts are attributed to the org at T: a check-in counts for m when its
 * report is in D(m) at T, whoever managed them when it happened. Per-manager
 * metrics are ratios of one row; group metrics pool these columns over rows.
 * Every table is read with FINAL, so a retried insert is counted once.
 *
 * When {managerId} is not empty, only that manager's facts are read: the
 * other rows keep their spans but no facts, so read that manager's row alone.
 */

import { inSomeWindow, OCCURRED_MS, ORG_ID_IS as ORG, type Timeline } from './timeline.js';

const windowMs = (name: string) => `{${name}:Int64}`;
const CHECK_IN_SPAN = `greatest({oneOnOneMs:Int64}, {checkInsMs:Int64})`;
const QUARTER = windowMs('quarterMs');
const DECISIONS = windowMs('decisionsMs');
// A constant comparison, so the primary key (manager's column first) narrows the scan to that one manager's rows.
const onlyManager = (column: string) => `({managerId:String} = '' OR ${column} = {managerId:String})`;

/**
 * Ends every query over managerFactsCtes: the materialized CTEs computed
 * once; a manager without a fact of a kind reads 0 for its columns
 * (join_use_nulls = 0); one thread, since these queries handle thousands of
 * rows and threads cost them more than they give (measured: every metric
 * query 5 to 15 % faster, the 52-week trend too, docs/benchmarks.md), and
 * concurrent requests each get a core.
 */
export const METRIC_QUERY_SETTINGS = 'SETTINGS enable_materialized_cte = 1, join_use_nulls = 0, max_threads = 1';

/** `num / den`, or NULL when den is 0 (the spec's rule for every ratio). */
export const ratio = (num: string, den: string) => `if((${den}) = 0, NULL, (${num}) / (${den}))`;

/** The practice facts a query may need, each scanned and joined only when asked for. */
export type FactKind = 'checkIns' | 'feedback' | 'skipLevels' | 'outcomes' | 'plans' | 'decisions';
type PairKind = Extract<FactKind, 'checkIns' | 'feedback' | 'skipLevels'>;

/*
 * Facts between a leader and another person, as (leader, other, kind, flag,
 * occurred_at, span), and the columns they give manager m once the other
 * person's place at T is known: in D(m) (their manager is m) or, for
 * skip-levels, in S(m) (their skip-level manager is m). Feedback counts both
 * ways: downward as (giver, receiver), upward as (receiver, giver), so "the
 * giver is in D(receiver)" is the same test; no feedback goes both ways, as
 * nobody manages their own manager.
 */
const PAIR_FACTS = (t: Timeline): Record<PairKind, { rows: string; columns: readonly string[] }> => ({
  // oneOnOneCoverage (30 d) and checkInsPerReportPerWeek (28 d), over r in D(m)
  checkIns: {
    rows: `SELECT leader_id AS leader, report_id AS other, 'check_in' AS kind, false AS flag, occurred_at, ${CHECK_IN_SPAN} AS span
      FROM check_ins FINAL WHERE ${inSomeWindow(CHECK_IN_SPAN)} AND ${onlyManager('leader_id')}`,
    columns: [
      `uniqExactIf(other, kind = 'check_in' AND ${OCCURRED_MS} > ${t.instantMs('k')} - ${windowMs('oneOnOneMs')}) AS one_on_one_covered`,
      `countIf(kind = 'check_in' AND ${OCCURRED_MS} > ${t.instantMs('k')} - ${windowMs('checkInsMs')}) AS check_ins`,
    ],
  },
  // feedbackCoverage (m to their reports), upwardFeedbackReceived, upwardFeedbackSolicitedShare (their reports to m)
  feedback: {
    rows: `SELECT direction.1 AS leader, direction.2 AS other, direction.3 AS kind, solicited AS flag, occurred_at, ${QUARTER} AS span
      FROM feedback FINAL ARRAY JOIN [(giver_id, receiver_id, 'feedback'), (receiver_id, giver_id, 'upward')] AS direction
      WHERE ${inSomeWindow(QUARTER)} AND (${onlyManager('giver_id')} OR ${onlyManager('receiver_id')})`,
    columns: [
      `uniqExactIf(other, kind = 'feedback') AS feedback_covered`,
      `countIf(kind = 'upward') AS upward_feedback`,
      `countIf(kind = 'upward' AND flag) AS upward_solicited`,
    ],
  },
  // skipLevelCoverage (over S(m)); skipLevelLoopInRate is over every skip-level m held, in skip_level_facts
  skipLevels: {
    rows: `SELECT leader_id AS leader, report_id AS other, 'skip_level' AS kind, manager_looped_in AS flag, occurred_at, ${QUARTER} AS span
      FROM skip_levels FINAL WHERE ${inSomeWindow(QUARTER)} AND ${onlyManager('leader_id')}`,
    columns: [`uniqExactIf(other, kind = 'skip_level') AS skip_covered`],
  },
});

const columnName = (column: string) => column.split(' AS ').at(-1)!;

function pairFactsCte(t: Timeline, kinds: readonly PairKind[]): string {
  const facts = PAIR_FACTS(t);
  const columns = kinds.flatMap((kind) => facts[kind].columns);
  return `pair_facts AS (
    SELECT k, leader AS manager_id${columns.map((column) => `, toUInt32(${column.replace(/ AS \w+$/, '')}) AS ${columnName(column)}`).join('')}
    FROM (${t.placeOthers(kinds.map((kind) => facts[kind].rows).join('\n      UNION ALL '))})
    WHERE ${onlyManager('leader')} AND if(kind = 'skip_level', other_skip_manager, other_manager) = leader
    GROUP BY k, leader
  )`;
}

type LeaderFacts = { name: string; columns: readonly string[]; sql: string };

/**
 * The first time `table` holds each `keys` at or before the last instant,
 * with found = 1: a LEFT JOIN's default for a missing row would read as 1970.
 */
const firstAt = (table: string, keys: string, where = 'true') => `(
            SELECT ${keys}, min(occurred_at) AS first_at, toUInt8(1) AS found
            FROM ${table} FINAL
            WHERE ${ORG} AND occurred_at <= {last:DateTime64(3, 'UTC')} AND ${where}
            GROUP BY ${keys}
          )`;

const LEADER_FACTS = (t: Timeline): Partial<Record<FactKind, LeaderFacts>> => ({
  // skipLevelLoopInRate, over every skip-level m held
  skipLevels: {
    name: 'skip_level_facts',
    columns: ['skip_levels', 'skip_levels_looped_in'],
    sql: `
      SELECT k, leader_id AS manager_id, toUInt32(count()) AS skip_levels, toUInt32(countIf(manager_looped_in)) AS skip_levels_looped_in
      FROM (${t.expand(`SELECT * FROM skip_levels FINAL WHERE ${inSomeWindow(QUARTER)} AND ${onlyManager('leader_id')}`, QUARTER)})
      GROUP BY k, leader_id`,
  },
  // outcomesFramed, coCreatedShare, delegationRate (a plan for the outcome at or before T, in the window or not)
  outcomes: {
    name: 'outcome_facts',
    columns: ['outcomes', 'co_created_outcomes', 'delegated_outcomes'],
    sql: `
      SELECT k, leader_id AS manager_id,
        toUInt32(count()) AS outcomes,
        toUInt32(countIf(notEmpty(co_created_with))) AS co_created_outcomes,
        toUInt32(countIf(planned = 1 AND toUnixTimestamp64Milli(first_planned_at) <= ${t.instantMs('k')})) AS delegated_outcomes
      FROM (${t.expand(
        `SELECT framed.leader_id AS leader_id, framed.co_created_with AS co_created_with, framed.occurred_at AS occurred_at,
            first_plans.first_at AS first_planned_at, first_plans.found AS planned
          FROM (SELECT * FROM outcomes FINAL WHERE ${inSomeWindow(QUARTER)} AND ${onlyManager('leader_id')}) AS framed
          LEFT JOIN ${firstAt('plans_delegated', 'delegator_id, outcome_id', onlyManager('delegator_id'))} AS first_plans ON first_plans.delegator_id = framed.leader_id AND first_plans.outcome_id = framed.outcome_id`,
        QUARTER,
      )})
      GROUP BY k, leader_id`,
  },
  // plansDelegated, reclaimRate (reclaimed or overridden by the delegator at or before T)
  plans: {
    name: 'plan_facts',
    columns: ['plans', 'reclaimed_plans'],
    sql: `
      SELECT k, delegator_id AS manager_id,
        toUInt32(count()) AS plans,
        toUInt32(countIf(intervened = 1 AND toUnixTimestamp64Milli(first_intervened_at) <= ${t.instantMs('k')})) AS reclaimed_plans
      FROM (${t.expand(
        `SELECT plans.delegator_id AS delegator_id, plans.occurred_at AS occurred_at,
            interventions.first_at AS first_intervened_at, interventions.found AS intervened
          FROM (SELECT * FROM plans_delegated FINAL WHERE ${inSomeWindow(QUARTER)} AND ${onlyManager('delegator_id')}) AS plans
          LEFT JOIN ${firstAt('plan_interventions', 'plan_id, by_id')} AS interventions ON interventions.plan_id = plans.plan_id AND interventions.by_id = plans.delegator_id`,
        QUARTER,
      )})
      GROUP BY k, delegator_id`,
  },
  // peopleDecisions, unilateralShare
  decisions: {
    name: 'decision_facts',
    columns: ['decisions', 'unilateral_decisions'],
    sql: `
      SELECT k, decider_id AS manager_id, toUInt32(count()) AS decisions, toUInt32(countIf(unilateral)) AS unilateral_decisions
      FROM (${decisionsAtInstants(t, onlyManager('decider_id'))})
      GROUP BY k, decider_id`,
  },
});

const PAIR_KINDS: readonly PairKind[] = ['checkIns', 'feedback', 'skipLevels'];
export const ALL_FACTS: readonly FactKind[] = ['checkIns', 'feedback', 'skipLevels', 'outcomes', 'plans', 'decisions'];

/** The decisions in each instant's 180-day window (peopleDecisions, decisionConcentration), one row per decision and instant. */
export const decisionsAtInstants = (t: Timeline, ofDecider = 'true') =>
  t.expand(`SELECT * FROM decisions FINAL WHERE ${inSomeWindow(DECISIONS)} AND ${ofDecider}`, DECISIONS);

/**
 * The org at every instant and `manager_facts`: every manager at every
 * instant with their layer, path, span, skip-level reports and the columns
 * of the facts asked for. A manager's layer and path come from their direct
 * reports' rows, so the org is read once for the teams. Queries using it end
 * with METRIC_QUERY_SETTINGS.
 */
export function managerFactsCtes(t: Timeline, facts: readonly FactKind[]): string {
  const pairs = PAIR_KINDS.filter((kind) => facts.includes(kind));
  const leaderFacts = LEADER_FACTS(t);
  const leaders = ALL_FACTS.filter((kind) => facts.includes(kind)).flatMap((kind) => leaderFacts[kind] ?? []);
  const pairFacts = PAIR_FACTS(t);
  const joined = [
    ...(pairs.length > 0 ? [{ name: 'pair_facts', columns: pairs.flatMap((kind) => pairFacts[kind].columns.map(columnName)) }] : []),
    ...leaders,
  ];
  return `
  org AS MATERIALIZED (${t.org}
  ),
  -- spanOfControl |D(m)| and |S(m)|: every person counts for their manager and their skip-level manager
  teams AS (
    SELECT k, boss AS person_id,
      toUInt32(countIf(direct)) AS span, toUInt32(countIf(NOT direct)) AS skip_reports,
      anyIf(layer, direct) - 1 AS layer, anyIf(arrayPopBack(path), direct) AS path
    FROM (
      SELECT k, team.1 AS boss, team.2 AS direct, layer, path
      FROM org ARRAY JOIN [(path[-2], true), (path[-3], false)] AS team
    )
    WHERE boss != ''
    GROUP BY k, boss
  ),
  ${pairs.length > 0 ? `${pairFactsCte(t, pairs)},` : ''}
  ${leaders.map(({ name, sql }) => `${name} AS (${sql}\n  ),`).join('\n  ')}
  manager_facts AS (
    SELECT teams.k AS k, teams.person_id AS person_id, teams.layer AS layer, teams.path AS path, teams.span AS span,
      teams.skip_reports AS skip_reports
      ${joined.flatMap(({ name, columns }) => columns.map((column) => `, ${name}.${column} AS ${column}`)).join('')}
    FROM teams
    ${joined.map(({ name }) => `LEFT JOIN ${name} ON ${name}.k = teams.k AND ${name}.manager_id = teams.person_id`).join('\n    ')}
  )`;
}

/** The approval facts of every approver at {asOf}, or of {managerId} alone (`approval_facts`), after managerFactsCtes. */
export const APPROVAL_FACTS_CTE = `
  -- openApprovals (not windowed) and medianApprovalHours (over approvals resolved in the window; quantileExactLow
  -- takes the lower median of an even count). A request's first resolution at or before T is the one that counts.
  approval_facts AS (
    SELECT requests.approver_id AS manager_id,
      toUInt32(countIf(ifNull(resolutions.resolved, 0) = 0)) AS open_approvals,
      toUInt32(countIf(resolutions.resolved = 1 AND resolutions.resolved_at > {quarterFrom:DateTime64(3, 'UTC')})) AS approvals_resolved,
      quantileExactLowIf(0.5)(
        dateDiff('millisecond', requests.occurred_at, resolutions.resolved_at) / 3600000,
        resolutions.resolved = 1 AND resolutions.resolved_at > {quarterFrom:DateTime64(3, 'UTC')}
      ) AS median_approval_hours
    FROM approval_requests AS requests FINAL
    LEFT JOIN (
      SELECT request_id, min(occurred_at) AS resolved_at, toUInt8(1) AS resolved
      FROM approval_resolutions FINAL
      WHERE ${ORG} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
        AND ({managerId:String} = '' OR request_id IN (
          SELECT request_id FROM approval_requests WHERE ${ORG} AND approver_id = {managerId:String}
        ))
      GROUP BY request_id
    ) AS resolutions ON resolutions.request_id = requests.request_id
    WHERE requests.org_id = {orgId:String} AND requests.occurred_at <= {asOf:DateTime64(3, 'UTC')} AND ${onlyManager('requests.approver_id')}
    GROUP BY requests.approver_id
  )`;
