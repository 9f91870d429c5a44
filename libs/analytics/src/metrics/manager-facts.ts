import { ORG_AT_CTES } from './org-at.js';

const T = `{asOf:DateTime64(3, 'UTC')}`;
const ORG = `org_id = {orgId:String}`;
const upTo = `occurred_at <= ${T}`;
const within = (from: string) => `occurred_at > {${from}:DateTime64(3, 'UTC')} AND ${upTo}`;
// A constant comparison, so the primary key (manager's column first) narrows the scan to that one manager's rows.
const onlyManager = (column: string) => `({managerId:String} = '' OR ${column} = {managerId:String})`;

/** `num / den`, or NULL when den is 0 (the spec's rule for every ratio). */
export const ratio = (num: string, den: string) => `if((${den}) = 0, NULL, (${num}) / (${den}))`;

/*
 * The numerators and denominators of every per-manager metric, one row per
 * manager at T (`manager_facts`), after the org CTEs (so the query ends with
 * MATERIALIZED_CTE_SETTINGS). Facts are attributed to
 * the org at T: a check-in counts for m when its report is in D(m) at T,
 * whoever managed them when it happened. Per-manager metrics are ratios of
 * one row; group metrics pool these columns over rows. Every table is read
 * with FINAL, so a retried insert is counted once.
 *
 * When {managerId} is not empty, only that manager's facts are read: the
 * other rows keep their spans but no facts, so read that manager's row alone.
 *
 * Approvals are not among them: no group metric needs them, and their scan is
 * over all history (an open approval may be of any age). APPROVAL_FACTS_CTE
 * holds them for the per-manager metrics.
 */
export const MANAGER_FACTS_CTES = `${ORG_AT_CTES},
  direct_pairs AS (SELECT path[-2] AS manager_id, person_id FROM org WHERE layer >= 2),
  skip_pairs AS (SELECT path[-3] AS manager_id, person_id FROM org WHERE layer >= 3),
  spans AS (SELECT manager_id, toUInt32(count()) AS span FROM direct_pairs GROUP BY manager_id),
  skip_spans AS (SELECT manager_id, toUInt32(count()) AS skip_reports FROM skip_pairs GROUP BY manager_id),
  -- oneOnOneCoverage (30 d) and checkInsPerReportPerWeek (28 d)
  check_in_facts AS (
    SELECT leader_id AS manager_id,
      toUInt32(uniqExactIf(report_id, occurred_at > {oneOnOneFrom:DateTime64(3, 'UTC')})) AS one_on_one_covered,
      toUInt32(countIf(occurred_at > {checkInsFrom:DateTime64(3, 'UTC')})) AS check_ins
    FROM check_ins FINAL
    WHERE ${ORG} AND occurred_at > least({oneOnOneFrom:DateTime64(3, 'UTC')}, {checkInsFrom:DateTime64(3, 'UTC')}) AND ${upTo}
      AND ${onlyManager('leader_id')}
      AND (leader_id, report_id) IN (SELECT manager_id, person_id FROM direct_pairs)
    GROUP BY leader_id
  ),
  -- feedbackCoverage (m to their reports), upwardFeedbackReceived, upwardFeedbackSolicitedShare (their reports to m):
  -- one scan for both directions; no feedback goes both ways, as nobody manages their own manager
  feedback_facts AS (
    SELECT if(downward, giver_id, receiver_id) AS manager_id,
      toUInt32(uniqExactIf(receiver_id, downward)) AS feedback_covered,
      toUInt32(countIf(NOT downward)) AS upward_feedback,
      toUInt32(countIf(NOT downward AND solicited)) AS upward_solicited
    FROM (
      SELECT giver_id, receiver_id, solicited,
        (giver_id, receiver_id) IN (SELECT manager_id, person_id FROM direct_pairs) AS downward,
        (receiver_id, giver_id) IN (SELECT manager_id, person_id FROM direct_pairs) AS upward
      FROM feedback FINAL
      WHERE ${ORG} AND ${within('quarterFrom')} AND (${onlyManager('giver_id')} OR ${onlyManager('receiver_id')})
    )
    WHERE downward OR upward
    GROUP BY manager_id
  ),
  -- skipLevelCoverage (over S(m)), skipLevelLoopInRate (over every skip-level m held)
  skip_level_facts AS (
    SELECT leader_id AS manager_id,
      toUInt32(uniqExactIf(report_id, (leader_id, report_id) IN (SELECT manager_id, person_id FROM skip_pairs))) AS skip_covered,
      toUInt32(count()) AS skip_levels,
      toUInt32(countIf(manager_looped_in)) AS skip_levels_looped_in
    FROM skip_levels FINAL
    WHERE ${ORG} AND ${within('quarterFrom')} AND ${onlyManager('leader_id')}
    GROUP BY leader_id
  ),
  -- outcomesFramed, coCreatedShare, delegationRate (a plan for the outcome at or before T, in the window or not)
  outcome_facts AS (
    SELECT leader_id AS manager_id,
      toUInt32(count()) AS outcomes,
      toUInt32(countIf(notEmpty(co_created_with))) AS co_created_outcomes,
      toUInt32(countIf((leader_id, outcome_id) IN (
        SELECT delegator_id, outcome_id FROM plans_delegated FINAL WHERE ${ORG} AND ${upTo} AND ${onlyManager('delegator_id')}
      ))) AS delegated_outcomes
    FROM outcomes FINAL
    WHERE ${ORG} AND ${within('quarterFrom')} AND ${onlyManager('leader_id')}
    GROUP BY leader_id
  ),
  -- plansDelegated, reclaimRate (reclaimed or overridden by the delegator at or before T)
  plan_facts AS (
    SELECT delegator_id AS manager_id,
      toUInt32(count()) AS plans,
      toUInt32(countIf((plan_id, delegator_id) IN (
        SELECT plan_id, by_id FROM plan_interventions FINAL WHERE ${ORG} AND ${upTo}
      ))) AS reclaimed_plans
    FROM plans_delegated FINAL
    WHERE ${ORG} AND ${within('quarterFrom')} AND ${onlyManager('delegator_id')}
    GROUP BY delegator_id
  ),
  -- peopleDecisions, unilateralShare
  decision_facts AS (
    SELECT decider_id AS manager_id, toUInt32(count()) AS decisions, toUInt32(countIf(unilateral)) AS unilateral_decisions
    FROM decisions FINAL
    WHERE ${ORG} AND ${within('decisionsFrom')} AND ${onlyManager('decider_id')}
    GROUP BY decider_id
  ),
  manager_facts AS (
    SELECT spans.manager_id AS person_id, org.layer AS layer, org.path AS path, spans.span AS span,
      skip_spans.skip_reports AS skip_reports,
      check_in_facts.one_on_one_covered AS one_on_one_covered, check_in_facts.check_ins AS check_ins,
      feedback_facts.feedback_covered AS feedback_covered,
      feedback_facts.upward_feedback AS upward_feedback, feedback_facts.upward_solicited AS upward_solicited,
      skip_level_facts.skip_covered AS skip_covered, skip_level_facts.skip_levels AS skip_levels,
      skip_level_facts.skip_levels_looped_in AS skip_levels_looped_in,
      outcome_facts.outcomes AS outcomes, outcome_facts.co_created_outcomes AS co_created_outcomes,
      outcome_facts.delegated_outcomes AS delegated_outcomes,
      plan_facts.plans AS plans, plan_facts.reclaimed_plans AS reclaimed_plans,
      decision_facts.decisions AS decisions, decision_facts.unilateral_decisions AS unilateral_decisions
    FROM spans
    INNER JOIN org ON org.person_id = spans.manager_id
    LEFT JOIN skip_spans ON skip_spans.manager_id = spans.manager_id
    LEFT JOIN check_in_facts ON check_in_facts.manager_id = spans.manager_id
    LEFT JOIN feedback_facts ON feedback_facts.manager_id = spans.manager_id
    LEFT JOIN skip_level_facts ON skip_level_facts.manager_id = spans.manager_id
    LEFT JOIN outcome_facts ON outcome_facts.manager_id = spans.manager_id
    LEFT JOIN plan_facts ON plan_facts.manager_id = spans.manager_id
    LEFT JOIN decision_facts ON decision_facts.manager_id = spans.manager_id
  )`;

/** The approval facts of every approver, or of {managerId} alone (`approval_facts`), after MANAGER_FACTS_CTES. */
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
      WHERE ${ORG} AND ${upTo}
        AND ({managerId:String} = '' OR request_id IN (
          SELECT request_id FROM approval_requests WHERE ${ORG} AND approver_id = {managerId:String}
        ))
      GROUP BY request_id
    ) AS resolutions ON resolutions.request_id = requests.request_id
    WHERE requests.org_id = {orgId:String} AND requests.occurred_at <= ${T} AND ${onlyManager('requests.approver_id')}
    GROUP BY requests.approver_id
  )`;
