import type { AnalyticsClient } from '../analytics-client.js';
import { attributeGroupParams, attributeMembersCte, inAttributeGroup, type AttributeGroup } from './attribute-group.js';
import { decisionsAtInstants, managerFactsCtes, METRIC_QUERY_SETTINGS, ratio, type FactKind } from './manager-facts.js';
import { instantsParams, onlyInstant, type Instants, type MetricsQuery } from './metric-window.js';
import { currentOrgPaths } from './org-paths.js';
import { EVENLY_SPACED, ONE_INSTANT, type Timeline } from './timeline.js';

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
  /** Only the people with this attribute value at T (org-wide and per layer). */
  attribute?: AttributeGroup;
}

export const DEFAULT_MIN_GROUP_SIZE = 5;

type PooledName = Exclude<keyof PooledMetrics, 'headcount'>;

/**
 * Pooled over the group's rows of manager_facts (spec "Group metrics"): sums
 * of numerators over sums of denominators, not means of ratios; each with
 * the fact scans it needs, so a trend of one metric reads only those.
 */
const POOLED: Record<PooledName, { sql: string; facts: readonly FactKind[] }> = {
  managers: { sql: 'toUInt32(count())', facts: [] },
  avgSpanOfControl: { sql: ratio('sum(span)', 'count()'), facts: [] },
  oneOnOneCoverage: { sql: ratio('sum(one_on_one_covered)', 'sum(span)'), facts: ['checkIns'] },
  feedbackCoverage: { sql: ratio('sum(feedback_covered)', 'sum(span)'), facts: ['feedback'] },
  skipLevelCoverage: { sql: ratio('sum(skip_covered)', 'sum(skip_reports)'), facts: ['skipLevels'] },
  upwardFeedbackShare: { sql: ratio('countIf(upward_feedback >= 1)', 'count()'), facts: ['feedback'] },
  delegationRate: { sql: ratio('sum(delegated_outcomes)', 'sum(outcomes)'), facts: ['outcomes'] },
  reclaimRate: { sql: ratio('sum(reclaimed_plans)', 'sum(plans)'), facts: ['plans'] },
  coCreatedShare: { sql: ratio('sum(co_created_outcomes)', 'sum(outcomes)'), facts: ['outcomes'] },
  unilateralShare: { sql: ratio('sum(unilateral_decisions)', 'sum(decisions)'), facts: ['decisions'] },
};

const POOLED_NAMES = Object.keys(POOLED) as PooledName[];
export const TREE_METRIC_NAMES: readonly (keyof TreeMetrics)[] = [...POOLED_NAMES, 'headcount', 'decisionConcentration', 'layers'];
export const LAYER_METRIC_NAMES: readonly (keyof PooledMetrics)[] = [...POOLED_NAMES, 'headcount'];

const pooledOf = (metrics: readonly string[]) => POOLED_NAMES.filter((name) => metrics.includes(name));
const factsOf = (metrics: readonly string[]) => [...new Set(pooledOf(metrics).flatMap((name) => POOLED[name].facts))];
const pooledColumns = (metrics: readonly string[]) => pooledOf(metrics).map((name) => `${POOLED[name].sql} AS ${name}`);

/*
 * Group metrics of Subtree({unitId}) at each instant, or of the whole org
 * when unitId is empty (spec "Group metrics": org-wide and per unit). headcount
 * is every active person of the group, as the privacy threshold needs;
 * decisionConcentration is the Herfindahl index Σ (nᵢ/N)² = Σ nᵢ² / N² over
 * the window's decisions by the group's people; layers is the span of layer
 * numbers in the group.
 */
function treeMetricsSql(t: Timeline, metrics: readonly (keyof TreeMetrics)[], byAttribute: boolean): string {
  const concentration = metrics.includes('decisionConcentration');
  const pooled = pooledColumns(metrics);
  const inGroup = (column: string) =>
    `({unitId:String} = '' OR has(path, {unitId:String}))${byAttribute ? ` AND ${inAttributeGroup(column)}` : ''}`;
  return `
  WITH ${managerFactsCtes(t, factsOf(metrics))},${byAttribute ? `${attributeMembersCte(t)},` : ''}
  group_people AS MATERIALIZED (SELECT k, person_id, layer FROM org WHERE ${inGroup('person_id')}),
  people_facts AS (
    SELECT k, toUInt32(count()) AS headcount, CAST(toUInt32(max(layer) - min(layer) + 1) AS Nullable(UInt32)) AS layers
    FROM group_people GROUP BY k
  ),
  pooled AS (
    SELECT k${pooled.map((column) => `, ${column}`).join('')}
    FROM manager_facts WHERE ${inGroup('person_id')} GROUP BY k
  )${
    concentration
      ? `,
  deciders AS (
    SELECT k, decider_id, count() AS made FROM (${decisionsAtInstants(t)})
    WHERE (k, decider_id) IN (SELECT k, person_id FROM group_people)
    GROUP BY k, decider_id
  ),
  concentration AS (SELECT k, ${ratio('sum(made * made)', 'sum(made) * sum(made)')} AS decisionConcentration FROM deciders GROUP BY k)`
      : ''
  }
  SELECT instants.k AS k, headcount, ${[...pooledOf(metrics), ...(['layers', 'decisionConcentration'] as const).filter((name) => metrics.includes(name))].join(', ')}
  -- every instant, so one where the group has nobody still gets its row
  FROM (SELECT arrayJoin(${t.every}) AS k) AS instants
  LEFT JOIN people_facts ON people_facts.k = instants.k
  LEFT JOIN pooled ON pooled.k = instants.k
  ${concentration ? 'LEFT JOIN concentration ON concentration.k = instants.k' : ''}
  ORDER BY k
  ${METRIC_QUERY_SETTINGS}`;
}

/*
 * Group metrics per management layer L at each instant (spec "Group
 * metrics"): the layer's managers, and as headcount those managers with their
 * direct reports (no manager is a direct report of another in the same
 * layer, so the sum counts nobody twice). By attribute: the layer's managers
 * with that attribute value, and their direct reports, whose data the
 * pooled metrics are about.
 */
function layerMetricsSql(t: Timeline, metrics: readonly (keyof PooledMetrics)[], byAttribute: boolean): string {
  return `
  WITH ${managerFactsCtes(t, factsOf(metrics))}${byAttribute ? `,${attributeMembersCte(t)}` : ''}
  SELECT k, toUInt32(layer) AS layer, toUInt32(count() + sum(span)) AS headcount${pooledColumns(metrics)
    .map((column) => `, ${column}`)
    .join('')}
  FROM manager_facts
  WHERE ({layer:UInt32} = 0 OR layer = {layer:UInt32})${byAttribute ? ` AND ${inAttributeGroup('person_id')}` : ''}
  GROUP BY k, layer
  ORDER BY k, layer
  ${METRIC_QUERY_SETTINGS}`;
}

// The figures of the day, every metric at one instant.
const TREE_METRICS_SQL = treeMetricsSql(ONE_INSTANT, TREE_METRIC_NAMES, false);
const LAYER_METRICS_SQL = layerMetricsSql(ONE_INSTANT, LAYER_METRIC_NAMES, false);

type Row<T> = { [K in keyof T]: T[K] | null } & { headcount: number };

function suppressBelow<T extends object>(minGroupSize: number, row: Row<T>): GroupMetrics<T> {
  if (row.headcount >= minGroupSize) return { suppressed: false, ...row };
  const hidden = Object.fromEntries(Object.keys(row).map((key) => [key, null]));
  return { suppressed: true, ...hidden } as GroupMetrics<T>;
}

function minGroupSizeOf({ minGroupSize = DEFAULT_MIN_GROUP_SIZE }: { minGroupSize?: number }): number {
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1))
    throw new RangeError(`minGroupSize must be a positive integer, not ${minGroupSize}`);
  return minGroupSize;
}

/** Group metrics at several instants at once (a trend), for the org, a unit or every layer. */
export interface GroupMetricsAtInstants {
  orgId: string;
  instants: Instants;
  windowDays?: number;
  minGroupSize?: number;
  attribute?: AttributeGroup;
}

const timelineOf = ({ instants }: GroupMetricsAtInstants) => (instants.points === 1 ? ONE_INSTANT : EVENLY_SPACED);

async function queryAtInstants<T>(
  client: AnalyticsClient,
  query: string,
  at: GroupMetricsAtInstants,
  extra: Record<string, unknown>,
): Promise<T[]> {
  const pathsVersion = await currentOrgPaths(client, at.orgId);
  const result = await client.query({
    query,
    query_params: {
      ...instantsParams(at.orgId, at.instants, at.windowDays),
      pathsVersion,
      managerId: '',
      ...attributeGroupParams(at.attribute),
      ...extra,
    },
    format: 'JSONEachRow',
  });
  return result.json<T>();
}

/**
 * The group metrics of Subtree(unitId) (or of the org, unitId '') at each
 * instant, in the instants' order; null for a unit at an instant where its
 * head is not active. Only `metrics` (and headcount) are computed.
 */
export async function treeMetricsAt(
  client: AnalyticsClient,
  at: GroupMetricsAtInstants & { unitId: string; metrics?: readonly (keyof TreeMetrics)[] },
): Promise<(GroupMetrics<TreeMetrics> | null)[]> {
  const minGroupSize = minGroupSizeOf(at);
  const query =
    at.instants.points === 1 && !at.metrics && !at.attribute
      ? TREE_METRICS_SQL
      : treeMetricsSql(timelineOf(at), at.metrics ?? TREE_METRIC_NAMES, at.attribute !== undefined);
  const rows = await queryAtInstants<Row<TreeMetrics> & { k: number }>(client, query, at, { unitId: at.unitId });
  return rows.map(({ k: _k, ...row }) => (at.unitId !== '' && row.headcount === 0 ? null : suppressBelow(minGroupSize, row)));
}

/** The metrics of the layers holding a manager at each instant (or of {layer} alone), as [instant index, metrics]. */
export async function layerMetricsAt(
  client: AnalyticsClient,
  at: GroupMetricsAtInstants & { layer?: number; metrics?: readonly (keyof PooledMetrics)[] },
): Promise<{ index: number; metrics: LayerMetrics }[]> {
  const minGroupSize = minGroupSizeOf(at);
  const query =
    at.instants.points === 1 && !at.metrics && !at.attribute
      ? LAYER_METRICS_SQL
      : layerMetricsSql(timelineOf(at), at.metrics ?? LAYER_METRIC_NAMES, at.attribute !== undefined);
  const rows = await queryAtInstants<Row<PooledMetrics> & { k: number; layer: number }>(client, query, at, { layer: at.layer ?? 0 });
  return rows.map(({ k, layer, ...row }) => ({ index: k - 1, metrics: { layer, ...suppressBelow(minGroupSize, row) } }));
}

const oneInstant = ({ orgId, asOf, windowDays, minGroupSize, attribute }: GroupMetricsQuery): GroupMetricsAtInstants => ({
  orgId,
  instants: onlyInstant(asOf),
  windowDays,
  minGroupSize,
  attribute,
});

/** Org-wide metrics at T: every active person, every manager; or those of them with the attribute value asked for. */
export async function orgMetrics(client: AnalyticsClient, params: GroupMetricsQuery): Promise<OrgMetrics> {
  const [metrics] = await treeMetricsAt(client, { ...oneInstant(params), unitId: '' });
  return metrics!;
}

/** Metrics of Subtree(unitId) at T; null when unitId is not an active person then. */
export async function unitMetrics(client: AnalyticsClient, params: GroupMetricsQuery & { unitId: string }): Promise<UnitMetrics | null> {
  if (params.unitId === '') return null;
  const [metrics] = await treeMetricsAt(client, { ...oneInstant(params), unitId: params.unitId });
  return metrics ? { unitId: params.unitId, ...metrics } : null;
}

/** Metrics of every management layer at T (the layers holding a manager), top first. */
export async function layerMetrics(client: AnalyticsClient, params: GroupMetricsQuery): Promise<LayerMetrics[]> {
  return (await layerMetricsAt(client, oneInstant(params))).map(({ metrics }) => metrics);
}
