import {
  ALL_FACTS,
  APPROVAL_FACTS_CTE,
  managerFactsCtes,
  managerFactsParams,
  METRIC_QUERY_SETTINGS,
  ONE_INSTANT,
  ratio,
  type AnalyticsClient,
} from '@orghealth/analytics';

/** What the four rules compare with their thresholds, for one manager at T (metrics.md names, default windows). */
export interface RuleInputs {
  subjectId: string;
  /** |D(m)|, spanOfControl. */
  directs: number;
  plansDelegated: number;
  reclaimRate: number | null;
  checkInsPerReportPerWeek: number;
  /** SkipLevelDone(leaderId = m, managerLoopedIn = false) in the 90-day window. */
  bypassingSkipLevels: number;
  peopleDecisions: number;
  unilateralShare: number | null;
  openApprovals: number;
  /** Approvals of m resolved in the 90-day window: the count medianApprovalHours is over. */
  approvalsResolved: number;
  medianApprovalHours: number | null;
  feedbackCoverage: number;
  oneOnOneCoverage: number;
}

/*
 * The inputs of every alert rule (alerts.md) for every manager at T, from the
 * per-manager facts: plansDelegated and reclaimRate (90 d),
 * checkInsPerReportPerWeek (28 d), skip-levels not looped in (90 d),
 * peopleDecisions and unilateralShare (180 d), openApprovals and
 * medianApprovalHours with its count (90 d), feedbackCoverage (90 d) and
 * oneOnOneCoverage (30 d). The rules' windows are the metrics' defaults, so
 * one query serves every rule. Facts missing for a manager join as 0.
 */
const RULE_INPUTS_SQL = `
  WITH ${managerFactsCtes(ONE_INSTANT, ALL_FACTS)},${APPROVAL_FACTS_CTE}
  SELECT
    person_id AS subjectId,
    span AS directs,
    plans AS plansDelegated,
    ${ratio('reclaimed_plans', 'plans')} AS reclaimRate,
    check_ins / span / {checkInWeeks:Float64} AS checkInsPerReportPerWeek,
    toUInt32(skip_levels - skip_levels_looped_in) AS bypassingSkipLevels,
    decisions AS peopleDecisions,
    ${ratio('unilateral_decisions', 'decisions')} AS unilateralShare,
    open_approvals AS openApprovals,
    approvals_resolved AS approvalsResolved,
    if(approvals_resolved = 0, NULL, median_approval_hours) AS medianApprovalHours,
    feedback_covered / span AS feedbackCoverage,
    one_on_one_covered / span AS oneOnOneCoverage
  FROM manager_facts
  LEFT JOIN approval_facts ON approval_facts.manager_id = manager_facts.person_id
  ORDER BY person_id
  ${METRIC_QUERY_SETTINGS}`;

/** The rules' inputs for every manager (active, ≥ 1 direct report) of the org at `asOf`. */
export async function ruleInputs(client: AnalyticsClient, orgId: string, asOf: string | Date): Promise<RuleInputs[]> {
  const result = await client.query({
    query: RULE_INPUTS_SQL,
    query_params: await managerFactsParams(client, { orgId, asOf }),
    format: 'JSONEachRow',
  });
  return result.json<RuleInputs>();
}
