import type { AnalyticsClient } from '../analytics-client.js';
import { ALL_FACTS, APPROVAL_FACTS_CTE, managerFactsCtes, METRIC_QUERY_SETTINGS, ratio } from './manager-facts.js';
import { approvalWindowParams, instantsParams, onlyInstant, type MetricsQuery } from './metric-window.js';
import { currentOrgPaths } from './org-paths.js';
import { ONE_INSTANT } from './timeline.js';

/** The spec's per-manager metrics of one manager at T; ratios with a zero denominator are null. */
export interface ManagerMetrics {
  personId: string;
  layer: number;
  spanOfControl: number;
  oneOnOneCoverage: number | null;
  checkInsPerReportPerWeek: number | null;
  feedbackCoverage: number | null;
  upwardFeedbackReceived: number;
  upwardFeedbackSolicitedShare: number | null;
  skipLevelCoverage: number | null;
  skipLevelLoopInRate: number | null;
  outcomesFramed: number;
  coCreatedShare: number | null;
  delegationRate: number | null;
  plansDelegated: number;
  reclaimRate: number | null;
  openApprovals: number;
  medianApprovalHours: number | null;
  peopleDecisions: number;
  unilateralShare: number | null;
}

// Per-manager metrics (spec table "Per-manager metrics"), one row per manager at T, or only {managerId} when it is
// not empty, or only the managers of Subtree({unitId}) (a manager's path ends with themselves) when that is not.
const MANAGER_METRICS_SQL = `
  WITH ${managerFactsCtes(ONE_INSTANT, ALL_FACTS)},${APPROVAL_FACTS_CTE}
  SELECT
    person_id AS personId,
    toUInt32(layer) AS layer,
    span AS spanOfControl,
    ${ratio('one_on_one_covered', 'span')} AS oneOnOneCoverage,
    ${ratio('check_ins', 'span')} / {checkInWeeks:Float64} AS checkInsPerReportPerWeek,
    ${ratio('feedback_covered', 'span')} AS feedbackCoverage,
    upward_feedback AS upwardFeedbackReceived,
    ${ratio('upward_solicited', 'upward_feedback')} AS upwardFeedbackSolicitedShare,
    ${ratio('skip_covered', 'skip_reports')} AS skipLevelCoverage,
    ${ratio('skip_levels_looped_in', 'skip_levels')} AS skipLevelLoopInRate,
    outcomes AS outcomesFramed,
    ${ratio('co_created_outcomes', 'outcomes')} AS coCreatedShare,
    ${ratio('delegated_outcomes', 'outcomes')} AS delegationRate,
    plans AS plansDelegated,
    ${ratio('reclaimed_plans', 'plans')} AS reclaimRate,
    open_approvals AS openApprovals,
    if(approvals_resolved = 0, NULL, median_approval_hours) AS medianApprovalHours,
    decisions AS peopleDecisions,
    ${ratio('unilateral_decisions', 'decisions')} AS unilateralShare
  FROM manager_facts
  LEFT JOIN approval_facts ON approval_facts.manager_id = manager_facts.person_id
  WHERE ({managerId:String} = '' OR person_id = {managerId:String}) AND ({unitId:String} = '' OR has(path, {unitId:String}))
  ORDER BY layer, person_id
  ${METRIC_QUERY_SETTINGS}`;

/**
 * The parameters of a query over `managerFactsCtes(ONE_INSTANT, …)` and
 * APPROVAL_FACTS_CTE at T, for every manager or only {managerId}.
 */
export async function managerFactsParams(client: AnalyticsClient, params: MetricsQuery, managerId = ''): Promise<Record<string, unknown>> {
  return {
    ...instantsParams(params.orgId, onlyInstant(params.asOf), params.windowDays),
    ...approvalWindowParams(params),
    pathsVersion: await currentOrgPaths(client, params.orgId),
    managerId,
  };
}

async function query(client: AnalyticsClient, params: MetricsQuery, managerId: string, unitId = ''): Promise<ManagerMetrics[]> {
  const query_params = { ...(await managerFactsParams(client, params, managerId)), unitId };
  return (await client.query({ query: MANAGER_METRICS_SQL, query_params, format: 'JSONEachRow' })).json<ManagerMetrics>();
}

/** The metrics of every manager (active, ≥ 1 direct report) at T, top layer first; with `unitId`, of those in Subtree(unitId) only. */
export function managerMetrics(client: AnalyticsClient, params: MetricsQuery & { unitId?: string }): Promise<ManagerMetrics[]> {
  return query(client, params, '', params.unitId);
}

/** The metrics of one manager at T; null when they are not a manager then. */
export async function managerMetricsOf(
  client: AnalyticsClient,
  params: MetricsQuery & { managerId: string },
): Promise<ManagerMetrics | null> {
  if (params.managerId === '') return null;
  const [metrics] = await query(client, params, params.managerId);
  return metrics ?? null;
}
