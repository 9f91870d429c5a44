import type { AnalyticsClient } from '../analytics-client.js';
import { toDateTime64 } from '../clickhouse-time.js';
import type { AttributeGroup } from './attribute-group.js';
import { LAYER_METRIC_NAMES, layerMetricsAt, treeMetricsAt, type GroupMetrics, type TreeMetrics } from './group-metrics.js';

const WEEK_MS = 7 * 86_400_000;

export type TrendGroup =
  | { kind: 'org' }
  | { kind: 'layer'; layer: number }
  | { kind: 'unit'; unitId: string }
  | ({ kind: 'attribute' } & AttributeGroup);

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

const LAYER_METRICS: ReadonlySet<string> = new Set(LAYER_METRIC_NAMES);

/** The instants of the trend, oldest first: `to`, then a week before it, and so on while not before `from`. */
export function weekEnds(from: string | Date, to: string | Date): string[] {
  const fromMs = Date.parse(`${toDateTime64(from).replace(' ', 'T')}Z`);
  const toMs = Date.parse(`${toDateTime64(to).replace(' ', 'T')}Z`);
  if (fromMs > toMs) throw new RangeError(`from (${String(from)}) is after to (${String(to)})`);
  const instants: string[] = [];
  for (let at = toMs; at >= fromMs; at -= WEEK_MS) instants.unshift(new Date(at).toISOString());
  return instants;
}

/**
 * A group metric week by week, all week ends in one query: each point is
 * what the group's metric query gives at that instant (the same SQL, asked
 * at one instant), so a trend never disagrees with the figure of the day.
 */
export async function metricTrend(client: AnalyticsClient, query: TrendQuery): Promise<TrendPoint[]> {
  if (query.step !== 'week') throw new RangeError(`step must be 'week', not ${String(query.step)}`);
  if (query.group.kind === 'layer' && !LAYER_METRICS.has(query.metric)) throw new RangeError(`a layer has no ${query.metric}`);
  const { orgId, metric, group, windowDays, minGroupSize } = query;
  const instants = weekEnds(query.from, query.to);
  const at = {
    orgId,
    instants: { last: instants.at(-1)!, points: instants.length, stepMs: WEEK_MS },
    windowDays,
    minGroupSize,
    metrics: [metric],
  };
  const byInstant: (GroupMetrics<Partial<TreeMetrics>> | undefined)[] = new Array(instants.length);
  if (group.kind === 'layer') {
    for (const { index, metrics } of await layerMetricsAt(client, {
      ...at,
      layer: group.layer,
      metrics: [metric as (typeof LAYER_METRIC_NAMES)[number]],
    })) {
      byInstant[index] = metrics;
    }
  } else {
    const unitId = group.kind === 'unit' ? group.unitId : '';
    const attribute = group.kind === 'attribute' ? { key: group.key, value: group.value } : undefined;
    for (const [index, metrics] of (await treeMetricsAt(client, { ...at, unitId, attribute })).entries())
      byInstant[index] = metrics ?? undefined;
  }
  return instants.map((asOf, index) => {
    const metrics = byInstant[index];
    return metrics ? { asOf, value: metrics[metric] ?? null, suppressed: metrics.suppressed } : { asOf, value: null, suppressed: false };
  });
}
