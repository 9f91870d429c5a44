import type uPlot from 'uplot';
import type { Trend } from '../api/endpoints.js';
import { formatDate, formatValue } from '../format.js';
import type { MetricKind } from '../metrics.js';
import { PALETTE } from './palette.js';
import { useChart } from './use-chart.js';

const HEIGHT = 44;

function sparklineOptions(kind: MetricKind): (width: number) => uPlot.Options {
  return (width) => ({
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: true }, y: kind === 'share' ? { range: [0, 1] } : {} },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke: PALETTE.blue, width: 2, fill: 'rgba(0, 114, 178, 0.08)', points: { show: false } }],
  });
}

/** A week-by-week line with no axes; its label says the first and last values for screen readers. */
export function Sparkline({ trend, kind }: { trend: Trend; kind: MetricKind }) {
  const xs = trend.points.map((point) => Date.parse(point.asOf) / 1000);
  const ys = trend.points.map((point) => point.value);
  const shown = trend.points.filter((point) => point.value !== null);
  const first = shown[0];
  const last = shown.at(-1);
  const chart = useChart(`${trend.metric}:${trend.group}:${xs[0]}:${xs.at(-1)}`, sparklineOptions(kind), [xs, ys]);
  const label =
    first && last
      ? `Weekly trend from ${formatDate(first.asOf)} (${formatValue(kind, first.value)}) to ${formatDate(last.asOf)} (${formatValue(kind, last.value)})`
      : '';
  if (!first) {
    return (
      <p class="sparkline empty" data-points={trend.points.length}>
        nothing to measure in these twelve months
      </p>
    );
  }
  return <div class="sparkline" ref={chart} role="img" aria-label={label} data-points={trend.points.length} />;
}
