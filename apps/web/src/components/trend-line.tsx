import type { Trend } from '../api/endpoints.js';
import { metricInfo, type MetricKey } from '../metrics.js';
import { useRequest } from '../use-request.js';
import { Sparkline } from './sparkline.js';

/** A sparkline that loads its own trend, after the numbers around it: a slow trend never holds up a view. */
export function TrendLine({
  load,
  trendKey,
  metric,
}: {
  load: (gone: AbortSignal) => Promise<Trend>;
  trendKey: string;
  metric: MetricKey;
}) {
  const trend = useRequest(trendKey, load);
  if (trend.status === 'ok') return <Sparkline trend={trend.data} kind={metricInfo(metric).kind} />;
  return (
    <div
      class="sparkline placeholder"
      aria-hidden="true"
      title={trend.status === 'error' ? `No trend: ${trend.problem.message}` : undefined}
    />
  );
}
