import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import { layerMetrics, orgMetrics, unitMetrics, type GroupMetricsQuery, type PooledMetrics, type TreeMetrics } from './group-metrics.js';

const WEEK_MS = 7 * 86_400_000;

export type TrendGroup = { kind: 'org' } | { kind: 'layer'; layer: number } | { kind: 'unit'; unitId: string };

export interface TrendQuery {
  orgId: string;
  /** A group metric; a layer has no decisionConcentration or layers. */
  metric: keyof TreeMetrics;
  group: TrendGroup;
  /** No point is before this instant: the first is the earliest week end, counted back from `to`, at or after it. */
  from: string | Date;
  /** The last point: weeks are counted back from here. */
  to: string | Date;
  step: 'week';
  windowDays?: number;
  minGroupSize?: number;
}

export interface TrendPoint {
  asOf: string;
  /** null when the group is suppressed, missing at asOf (a unit whose head is not active, a layer without managers) or the ratio has no denominator. */
  value: number | null;
  suppressed: boolean;
}

const LAYER_METRICS: ReadonlySet<string> = new Set<keyof PooledMetrics>([
  'managers',
  'headcount',
  'avgSpanOfControl',
  'oneOnOneCoverage',
  'feedbackCoverage',
  'skipLevelCoverage',
  'upwardFeedbackShare',
  'delegationRate',
  'reclaimRate',
  'coCreatedShare',
  'unilateralShare',
]);

/** The instants of the trend, oldest first: `to`, then a week before it, and so on while not before `from`. */
export function weekEnds(from: string | Date, to: string | Date): string[] {
  const fromMs = Date.parse(`${toDateTime64(from).replace(' ', 'T')}Z`);
  const toMs = Date.parse(`${toDateTime64(to).replace(' ', 'T')}Z`);
  if (fromMs > toMs) throw new RangeError(`from (${String(from)}) is after to (${String(to)})`);
  const instants: string[] = [];
  for (let at = toMs; at >= fromMs; at -= WEEK_MS) instants.unshift(new Date(at).toISOString());
  return instants;
}

async function pointAt(client: AnalyticsClient, query: TrendQuery, asOf: string): Promise<TrendPoint> {
  const { orgId, metric, group, windowDays, minGroupSize } = query;
  const params: GroupMetricsQuery = { orgId, asOf, windowDays, minGroupSize };
  const metrics =
    group.kind === 'org'
      ? await orgMetrics(client, params)
      : group.kind === 'unit'
        ? await unitMetrics(client, { ...params, unitId: group.unitId })
        : (await layerMetrics(client, params)).find((row) => row.layer === group.layer);
  if (!metrics) return { asOf, value: null, suppressed: false };
  return { asOf, value: (metrics as Partial<Record<keyof TreeMetrics, number | null>>)[metric] ?? null, suppressed: metrics.suppressed };
}

/**
 * A group metric week by week: each point is what the group's metric query
 * gives at that instant, so a trend never disagrees with the figure of the day.
 */
export async function metricTrend(client: AnalyticsClient, query: TrendQuery): Promise<TrendPoint[]> {
  if (query.step !== 'week') throw new RangeError(`step must be 'week', not ${String(query.step)}`);
  if (query.group.kind === 'layer' && !LAYER_METRICS.has(query.metric)) throw new RangeError(`a layer has no ${query.metric}`);
  const points: TrendPoint[] = [];
  // One point after another: side by side they took as long on two cores, each query using both already.
  for (const asOf of weekEnds(query.from, query.to)) points.push(await pointAt(client, query, asOf));
  return points;
}
