import type { AnalyticsClient } from '../analytics-client.js';
import { MANAGER_FACTS_CTES, ratio } from './manager-facts.js';
import { MATERIALIZED_CTE_SETTINGS } from './org-at.js';
import { windowParams, type MetricsQuery } from './metric-window.js';

/** The spec's group metrics shared by every kind of group. */
export interface PooledMetrics {
  managers: number | null;
  headcount: number | null;
  avgSpanOfControl: number | null;
  oneOnOneCoverage: number | null;
  feedbackCoverage: number | null;
  skipLevelCoverage: number | null;
  upwardFeedbackShare: number | null;
  delegationRate: number | null;
  reclaimRate: number | null;
  coCreatedShare: number | null;
  unilateralShare: number | null;
}

/**
 * Metrics of a group of people. With `suppressed`, the group has fewer than
 * `minGroupSize` people and every value is null, headcount included: even
 * the size of a very small group tells something about the people in it.
 */
export type GroupMetrics<T> = { suppressed: boolean } & { [K in keyof T]: T[K] | null };

/** Org-wide and per unit, two metrics more than per layer. */
export interface TreeMetrics extends PooledMetrics {
  decisionConcentration: number | null;
  layers: number | null;
}

export type OrgMetrics = GroupMetrics<TreeMetrics>;
export type LayerMetrics = { layer: number } & GroupMetrics<PooledMetrics>;
export type UnitMetrics = { unitId: string } & GroupMetrics<TreeMetrics>;

export interface GroupMetricsQuery extends MetricsQuery {
  /** A group of fewer people than this is suppressed; default 5. */
  minGroupSize?: number;
}

export const DEFAULT_MIN_GROUP_SIZE = 5;

/** Pooled over the group's rows of manager_facts: sums of numerators over sums of denominators, not means of ratios. */
const POOLED_COLUMNS = `
    toUInt32(count()) AS managers,
    ${ratio('sum(span)', 'count()')} AS avgSpanOfControl,
    ${ratio('sum(one_on_one_covered)', 'sum(span)')} AS oneOnOneCoverage,
    ${ratio('sum(feedback_covered)', 'sum(span)')} AS feedbackCoverage,
    ${ratio('sum(skip_covered)', 'sum(skip_reports)')} AS skipLevelCoverage,
    ${ratio('countIf(upward_feedback >= 1)', 'count()')} AS upwardFeedbackShare,
    ${ratio('sum(delegated_outcomes)', 'sum(outcomes)')} AS delegationRate,
    ${ratio('sum(reclaimed_plans)', 'sum(plans)')} AS reclaimRate,
    ${ratio('sum(co_created_outcomes)', 'sum(outcomes)')} AS coCreatedShare,
    ${ratio('sum(unilateral_decisions)', 'sum(decisions)')} AS unilateralShare`;

/*
 * Group metrics of Subtree({unitId}) at T, or of the whole org when unitId
 * is empty (spec "Group metrics": org-wide and per unit). decisionConcentration
 * is the Herfindahl index Σ (nᵢ/N)² = Σ nᵢ² / N² over the window's decisions
 * by the group's people; layers is the span of layer numbers in the group.
 */
const TREE_METRICS_SQL = `
  WITH ${MANAGER_FACTS_CTES},
  group_people AS (
    SELECT person_id, layer FROM org WHERE {unitId:String} = '' OR has(path, {unitId:String})
  ),
  group_managers AS (
    SELECT * FROM manager_facts WHERE {unitId:String} = '' OR has(path, {unitId:String})
  ),
  deciders AS (
    SELECT decider_id, count() AS made
    FROM decisions FINAL
    WHERE org_id = {orgId:String}
      AND occurred_at > {decisionsFrom:DateTime64(3, 'UTC')} AND occurred_at <= {asOf:DateTime64(3, 'UTC')}
      AND decider_id IN (SELECT person_id FROM group_people)
    GROUP BY decider_id
  )
  SELECT
    (SELECT toUInt32(count()) FROM group_people) AS headcount,
    (SELECT if(count() = 0, NULL, toUInt32(max(layer) - min(layer) + 1)) FROM group_people) AS layers,
    (SELECT ${ratio('sum(made * made)', 'sum(made) * sum(made)')} FROM deciders) AS decisionConcentration,
    ${POOLED_COLUMNS}
  FROM group_managers
  ${MATERIALIZED_CTE_SETTINGS}`;

/*
 * Group metrics per management layer L (spec "Group metrics"): the layer's
 * managers, and as headcount those managers with their direct reports (no
 * manager is a direct report of another in the same layer, so the sum counts
 * nobody twice).
 */
const LAYER_METRICS_SQL = `
  WITH ${MANAGER_FACTS_CTES}
  SELECT
    toUInt32(layer) AS layer,
    toUInt32(count() + sum(span)) AS headcount,
    ${POOLED_COLUMNS}
  FROM manager_facts
  GROUP BY layer
  ORDER BY layer
  ${MATERIALIZED_CTE_SETTINGS}`;

type Row<T> = { [K in keyof T]: T[K] | null } & { headcount: number };

function suppressBelow<T extends object>(minGroupSize: number, row: Row<T>): GroupMetrics<T> {
  if (row.headcount >= minGroupSize) return { suppressed: false, ...row };
  const hidden = Object.fromEntries(Object.keys(row).map((key) => [key, null]));
  return { suppressed: true, ...hidden } as GroupMetrics<T>;
}

function minGroupSizeOf({ minGroupSize = DEFAULT_MIN_GROUP_SIZE }: GroupMetricsQuery): number {
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1)) throw new RangeError(`minGroupSize must be a positive integer, not ${minGroupSize}`);
  return minGroupSize;
}

async function treeMetrics(client: AnalyticsClient, params: GroupMetricsQuery, unitId: string): Promise<Row<TreeMetrics>> {
  const result = await client.query({ query: TREE_METRICS_SQL, query_params: { ...windowParams(params), unitId, managerId: '' }, format: 'JSONEachRow' });
  const [row] = await result.json<Row<TreeMetrics>>();
  return row!;
}

/** Org-wide metrics at T: every active person, every manager. */
export async function orgMetrics(client: AnalyticsClient, params: GroupMetricsQuery): Promise<OrgMetrics> {
  const minGroupSize = minGroupSizeOf(params);
  return suppressBelow(minGroupSize, await treeMetrics(client, params, ''));
}

/** Metrics of Subtree(unitId) at T; null when unitId is not an active person then. */
export async function unitMetrics(client: AnalyticsClient, params: GroupMetricsQuery & { unitId: string }): Promise<UnitMetrics | null> {
  const minGroupSize = minGroupSizeOf(params);
  if (params.unitId === '') return null;
  const row = await treeMetrics(client, params, params.unitId);
  if (row.headcount === 0) return null;
  return { unitId: params.unitId, ...suppressBelow(minGroupSize, row) };
}

/** Metrics of every management layer at T (the layers holding a manager), top first. */
export async function layerMetrics(client: AnalyticsClient, params: GroupMetricsQuery): Promise<LayerMetrics[]> {
  const minGroupSize = minGroupSizeOf(params);
  const result = await client.query({ query: LAYER_METRICS_SQL, query_params: { ...windowParams(params), managerId: '' }, format: 'JSONEachRow' });
  const rows = await result.json<Row<PooledMetrics> & { layer: number }>();
  return rows.map(({ layer, ...row }) => ({ layer, ...suppressBelow(minGroupSize, row) }));
}
