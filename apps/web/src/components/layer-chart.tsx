import type uPlot from 'uplot';
import type { LayerMetrics } from '../api/endpoints.js';
import { metricInfo, type MetricKey } from '../metrics.js';
import { PALETTE } from './palette.js';
import { useChart } from './use-chart.js';

type LayerShare = 'oneOnOneCoverage' | 'feedbackCoverage' | 'skipLevelCoverage' | 'upwardFeedbackShare' | 'delegationRate';

/** Colour and dash apart, so each line is told from the next without colour too. */
const LINES: { metric: LayerShare & MetricKey; stroke: string; dash: number[] }[] = [
  { metric: 'oneOnOneCoverage', stroke: PALETTE.blue, dash: [] },
  { metric: 'feedbackCoverage', stroke: PALETTE.vermillion, dash: [8, 4] },
  { metric: 'skipLevelCoverage', stroke: PALETTE.green, dash: [2, 3] },
  { metric: 'upwardFeedbackShare', stroke: PALETTE.purple, dash: [10, 3, 2, 3] },
  { metric: 'delegationRate', stroke: PALETTE.orange, dash: [4, 4] },
];

function options(layerNumbers: number[]): (width: number) => uPlot.Options {
  return (width) => ({
    width,
    height: 280,
    legend: { live: false },
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: [
      { label: 'Management layer (1 = top)', splits: () => layerNumbers, values: (_chart, ticks) => ticks.map((tick) => `Layer ${tick}`) },
      { label: '% of reports or managers', values: (_chart, ticks) => ticks.map((tick) => `${tick}%`) },
    ],
    series: [
      { label: 'Layer' },
      ...LINES.map(({ metric, stroke, dash }) => ({
        label: metricInfo(metric).label,
        stroke,
        dash,
        width: 2.5,
        points: { show: true, size: 7, stroke, fill: stroke },
      })),
    ],
  });
}

/** The coverage metrics layer by layer: where a line falls is where the practice stops reaching people. */
export function LayerChart({ layers }: { layers: LayerMetrics['layers'] }) {
  const xs = layers.map((layer) => layer.layer);
  const series = LINES.map(({ metric }) => layers.map((layer) => (layer[metric] === null ? null : Math.round(layer[metric]! * 1000) / 10)));
  const chart = useChart(JSON.stringify([xs, series]), options(xs), [xs, ...series]);
  return (
    <div
      class="layer-chart"
      ref={chart}
      role="img"
      aria-label="Coverage metrics per management layer; the table below has the same numbers"
    />
  );
}
