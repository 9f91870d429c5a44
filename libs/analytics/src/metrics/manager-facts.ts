/*
 * The numerators and denominators of every per-manager metric, one row per
 * manager and instant (`manager_facts`, keyed by k, the instant's 1-based
 * index): a single figure is the case of one instant, a trend asks all its
 * week ends in one query, so both always agree.
 *
 * Facts are attributed to the org at T: a check-in counts for m when its
 * report is in D(m) at T, whoever managed them when it happened. A fact is
 * counted at every instant T whose window (T − W, T] holds it. Per-manager
 * metrics are ratios of one row; group metrics pool these columns over rows.
 * Every table is read with FINAL, so a retried insert is counted once.
 *
 * When {managerId} is not empty, only that manager's facts are read: the
 * other rows keep their spans but no facts, so read that manager's row alone.
 */

/*
 * The instants are evenly spaced, so a fact finds its instants by arithmetic
 * rather than by a lookup per row and instant: instant k (1-based, ascending)
 * is T_k = last − (points − k) × step, in milliseconds (lastMs; firstMs is T_1).
 */
const LAST_MS = '{lastMs:Int64}';
const FIRST_MS = '{firstMs:Int64}';
const POINTS = `{points:Int64}`;
const STEP_MS = `{stepMs:Int64}`;
/** T_k in milliseconds. */
export const instantMs = (k: string) => `(${LAST_MS} - (${POINTS} - ${k}) * ${STEP_MS})`;
/** Whole steps from ms to the last instant, rounded down (also for ms after it). */
const stepsBeforeLast = (ms: string) => `toInt64(floor((${LAST_MS} - (${ms})) / ${STEP_MS}))`;
/** Every k with T_k in [fromMs, toMs). */
const instantsWithin = (fromMs: string, toMs: string) =>
  `range(toUInt32(greatest(1, ${POINTS} - ${stepsBeforeLast(fromMs)})), toUInt32(greatest(0, least(${POINTS}, ${POINTS} - 1 - ${stepsBeforeLast(toMs)}))) + 1)`;
/** The range of every instant: instants() = range(1, points + 1). */
export const EVERY_INSTANT = `range(1, toUInt32(${POINTS}) + 1)`;

const OCCURRED_MS = 'toUnixTimestamp64Milli(occurred_at)';
const ORG = `org_id = {orgId:String}`;
const windowMs = (name: string) => `{${name}:Int64}`;
const CHECK_IN_SPAN = `greatest({oneOnOneMs:Int64}, {checkInsMs:Int64})`;
// A constant comparison, so the primary key (manager's column first) narrows the scan to that one manager's rows.
const onlyManager = (column: string) => `({managerId:String} = '' OR ${column} = {managerId:String})`;
/** In the window (T_k − W, T_k] of instant k. */
const inWindowOf = (k: string, span: string) => `${OCCURRED_MS} > ${instantMs(k)} - ${span}`;

/**
 * Facts in the window of some instant, each with the instants k whose
 * window (T_k − W, T_k] holds it: T_k in [occurred_at, occurred_at + W).
 */
const atInstants = (table: string, span: string, ofManager: string) => `(
    SELECT *, k FROM ${table} FINAL
    ARRAY JOIN ${instantsWithin(OCCURRED_MS, `${OCCURRED_MS} + ${span}`)} AS k
    WHERE ${ORG} AND ${OCCURRED_MS} > ${FIRST_MS} - ${span} AND occurred_at <= {last:DateTime64(3, 'UTC')} AND ${ofManager}
  )`;

/** `num / den`, or NULL when den is 0 (the spec's rule for every ratio). */
export const ratio = (num: string, den: string) => `if((${den}) = 0, NULL, (${num}) / (${den}))`;

/** The org at every instant (path intervals of org-paths.ts at {pathsVersion}). */
export const ORG_AT_INSTANTS_CTE = `
  org AS MATERIALIZED (
    SELECT k, person_id, path, length(path) AS layer
    FROM org_paths FINAL
    ARRAY JOIN ${instantsWithin('toUnixTimestamp64Milli(valid_from)', 'toUnixTimestamp64Milli(valid_to)')} AS k
    WHERE ${ORG} AND version = {pathsVersion:UInt64} AND valid_from <= {last:DateTime64(3, 'UTC')}
      AND toUnixTimestamp64Milli(valid_to) > ${FIRST_MS}
  )`;

/** The practice facts a query may need, each scanned and joined only when asked for. */
export type FactKind = 'checkIns' | 'feedback' | 'skipLevels' | 'outcomes' | 'plans' | 'decisions';
type PairKind = Extract<FactKind, 'checkIns' | 'feedback' | 'skipLevels'>;
type LeaderKind = Exclude<FactKind, PairKind>;

const QUARTER = windowMs('quarterMs');

/*
 * Facts between a leader and another person, each as (k, leader, other,
 * kind, flag) with the instants whose window holds it, and the columns they
 * give manager m once `other` is known at k: in D(m) (other's manager is m)
 * or, for skip-levels, in S(m) (other's skip-level manager is m). Feedback
 * counts both ways: downward as (giver, receiver), upward as (receiver,
 * giver), so "the giver is in D(receiver)" is the same test; no feedback goes
 * both ways, as nobody manages their own manager.
 */
const PAIR_FACTS: Record<PairKind, { rows: string; columns: readonly string[] }> = {
  // oneOnOneCoverage (30 d) and checkInsPerReportPerWeek (28 d), over r in D(m)
  checkIns: {
    rows: `SELECT k, leader_id AS leader, report_id AS other, 'check_in' AS kind, false AS flag, occurred_at
      FROM ${atInstants('check_ins', CHECK_IN_SPAN, onlyManager('leader_id'))}`,
    columns: [
      `uniqExactIf(other, kind = 'check_in' AND ${inWindowOf('k', windowMs('oneOnOneMs'))}) AS one_on_one_covered`,
      `countIf(kind = 'check_in' AND ${inWindowOf('k', windowMs('checkInsMs'))}) AS check_ins`,
    ],
  },
  // feedbackCoverage (m to their reports), upwardFeedbackReceived, upwardFeedbackSolicitedShare (their reports to m)
  feedback: {
    rows: `SELECT k, direction.1 AS leader, direction.2 AS other, direction.3 AS kind, solicited AS flag, occurred_at
      FROM ${atInstants('feedback', QUARTER, `(${onlyManager('giver_id')} OR ${onlyManager('receiver_id')})`)}
      ARRAY JOIN [(giver_id, receiver_id, 'feedback'), (receiver_id, giver_id, 'upward')] AS direction`,
    columns: [
      `uniqExactIf(other, kind = 'feedback') AS feedback_covered`,
      `countIf(kind = 'upward') AS upward_feedback`,
      `countIf(kind = 'upward' AND flag) AS upward_solicited`,
    ],
  },
  // skipLevelCoverage (over S(m)), skipLevelLoopInRate (over every skip-level m held)
  skipLevels: {
    rows: `SELECT k, leader_id AS leader, report_id AS other, 'skip_level' AS kind, manager_looped_in AS flag, occurred_at
      FROM ${atInstants('skip_levels', QUARTER, onlyManager('leader_id'))}`,
    columns: [
      `uniqExactIf(other, kind = 'skip_level' AND other_skip_manager = leader) AS skip_covered`,
      `countIf(kind = 'skip_level') AS skip_levels`,
      `countIf(kind = 'skip_level' AND flag) AS skip_levels_looped_in`,
    ],
  },
};

const columnName = (column: string) => column.split(' AS ').at(-1)!;

function pairFactsCte(kinds: readonly PairKind[]): string {
  const columns = kinds.flatMap((kind) => PAIR_FACTS[kind].columns);
  return `pair_facts AS (
    SELECT k, leader AS manager_id${columns.map((column) => `, toUInt32(${column.replace(/ AS \w+$/, '')}) AS ${columnName(column)}`).join('')}
    FROM (
      SELECT pairs.*, people.path[-2] AS other_manager, people.path[-3] AS other_skip_manager
      FROM (${kinds.map((kind) => PAIR_FACTS[kind].rows).join('\n      UNION ALL ')}) AS pairs
      LEFT JOIN org AS people ON people.k = pairs.k AND people.person_id = pairs.other
      WHERE ${onlyManager('pairs.leader')} AND (pairs.kind = 'skip_level' OR other_manager = pairs.leader)
    )
    GROUP BY k, leader
  )`;
}

const LEADER_FACTS: Record<LeaderKind, { name: string; columns: readonly string[]; sql: string }> = {
  // outcomesFramed, coCreatedShare, delegationRate (a plan for the outcome at or before T, in the window or not)
  outcomes: {
    name: 'outcome_facts',
    columns: ['outcomes', 'co_created_outcomes', 'delegated_outcomes'],
    sql: `
      SELECT framed.k AS k, framed.leader_id AS manager_id,
        toUInt32(count()) AS outcomes,
        toUInt32(countIf(notEmpty(framed.co_created_with))) AS co_created_outcomes,
        toUInt32(countIf(first_plans.planned = 1 AND toUnixTimestamp64Milli(first_plans.first_at) <= ${instantMs('framed.k')})) AS delegated_outcomes
      FROM ${atInstants('outcomes', windowMs('quarterMs'), onlyManager('leader_id'))} AS framed
      LEFT JOIN (
        SELECT delegator_id, outcome_id, min(occurred_at) AS first_at, toUInt8(1) AS planned
        FROM plans_delegated FINAL
        WHERE ${ORG} AND occurred_at <= {last:DateTime64(3, 'UTC')} AND ${onlyManager('delegator_id')}
        GROUP BY delegator_id, outcome_id
      ) AS first_plans ON first_plans.delegator_id = framed.leader_id AND first_plans.outcome_id = framed.outcome_id
      GROUP BY framed.k, framed.leader_id`,
  },
  // plansDelegated, reclaimRate (reclaimed or overridden by the delegator at or before T)
  plans: {
    name: 'plan_facts',
    columns: ['plans', 'reclaimed_plans'],
    sql: `
      SELECT plans.k AS k, plans.delegator_id AS manager_id,
        toUInt32(count()) AS plans,
        toUInt32(countIf(interventions.intervened = 1 AND toUnixTimestamp64Milli(interventions.first_at) <= ${instantMs('plans.k')})) AS reclaimed_plans
      FROM ${atInstants('plans_delegated', windowMs('quarterMs'), onlyManager('delegator_id'))} AS plans
      LEFT JOIN (
        SELECT plan_id, by_id, min(occurred_at) AS first_at, toUInt8(1) AS intervened
        FROM plan_interventions FINAL
        WHERE ${ORG} AND occurred_at <= {last:DateTime64(3, 'UTC')}
        GROUP BY plan_id, by_id
      ) AS interventions ON interventions.plan_id = plans.plan_id AND interventions.by_id = plans.delegator_id
      GROUP BY plans.k, plans.delegator_id`,
  },
  // peopleDecisions, unilateralShare
  decisions: {
    name: 'decision_facts',
    columns: ['decisions', 'unilateral_decisions'],
    sql: `
      SELECT k, decider_id AS manager_id, toUInt32(count()) AS decisions, toUInt32(countIf(unilateral)) AS unilateral_decisions
      FROM ${atInstants('decisions', windowMs('decisionsMs'), onlyManager('decider_id'))}
      GROUP BY k, decider_id`,
  },
};

const PAIR_KINDS = Object.keys(PAIR_FACTS) as PairKind[];
const LEADER_KINDS = Object.keys(LEADER_FACTS) as LeaderKind[];
export const ALL_FACTS: readonly FactKind[] = [...PAIR_KINDS, ...LEADER_KINDS];

/** The decisions made in each instant's 180-day window (decisionConcentration), one row per decision and instant. */
export const DECISIONS_AT_INSTANTS = atInstants('decisions', windowMs('decisionsMs'), 'true');

/**
 * The org at every instant and `manager_facts`: every manager at every
 * instant with their layer, path, span, skip-level reports and the columns
 * of the facts asked for. A manager's layer and path come from their direct
 * reports' rows, so the org is read once for the teams. Queries using it end
 * with MATERIALIZED_CTE_SETTINGS and join_use_nulls = 0 (a manager without a
 * fact of a kind reads 0 for its columns).
 */
export function managerFactsCtes(facts: readonly FactKind[]): string {
  const pairs = PAIR_KINDS.filter((kind) => facts.includes(kind));
  const leaders = LEADER_KINDS.filter((kind) => facts.includes(kind)).map((kind) => LEADER_FACTS[kind]);
  const joined = [
    ...(pairs.length > 0 ? [{ name: 'pair_facts', columns: pairs.flatMap((kind) => PAIR_FACTS[kind].columns.map(columnName)) }] : []),
    ...leaders,
  ];
  return `${ORG_AT_INSTANTS_CTE},
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
  ${pairs.length > 0 ? `${pairFactsCte(pairs)},` : ''}
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
