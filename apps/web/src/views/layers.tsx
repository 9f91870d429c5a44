import { layerMetrics, layerMetricsCsv, type LayerMetrics } from '../api/endpoints.js';
import { DownloadCsv } from '../components/download-csv.js';
import { LayerChart } from '../components/layer-chart.js';
import { Loading, Problem } from '../components/states.js';
import { Value } from '../components/value.js';
import { formatDate, formatValue } from '../format.js';
import { metricInfo, POOLED_METRICS } from '../metrics.js';
import { useRequest } from '../use-request.js';
import { useReadyMark } from './ready-mark.js';
import type { ViewContext } from './view-context.js';

type Layer = LayerMetrics['layers'][number];

/** The sentence that answers "where does feedback stop flowing?" from the shown layers. */
function feedbackVerdict(layers: Layer[]): string | null {
  const shown = layers.filter(
    (layer): layer is Layer & { feedbackCoverage: number } => !layer.suppressed && layer.feedbackCoverage !== null,
  );
  if (shown.length < 2) return null;
  const lowest = shown.reduce((low, layer) => (layer.feedbackCoverage < low.feedbackCoverage ? layer : low));
  const highest = shown.reduce((high, layer) => (layer.feedbackCoverage > high.feedbackCoverage ? layer : high));
  const kind = metricInfo('feedbackCoverage').kind;
  return `Feedback reaches the fewest reports from managers in layer ${lowest.layer} (${formatValue(kind, lowest.feedbackCoverage)}), the most in layer ${highest.layer} (${formatValue(kind, highest.feedbackCoverage)}).`;
}

export function Layers({ route, instants }: ViewContext) {
  const key = `${route.org}@${instants.asOf}`;
  const layers = useRequest(key, () => layerMetrics(route.org, instants.asOf));
  useReadyMark('layers', layers.status === 'ok' ? key : null);
  if (layers.status === 'loading') return <Loading what="the layers" />;
  if (layers.status === 'error') return <Problem problem={layers.problem} retry={layers.retry} what={`the layers of ${route.org}`} />;
  const { data } = layers;
  if (data.layers.length === 0)
    return (
      <p class="notice">
        No one manages anyone in {route.org} as of {formatDate(data.asOf)}: there are no management layers to compare.
      </p>
    );
  const verdict = feedbackVerdict(data.layers);
  return (
    <div>
      <header class="view-head">
        <h1>Management layers</h1>
        <p class="subtitle">Each layer's managers and their direct reports, as of {formatDate(data.asOf)}. Layer 1 is the top.</p>
      </header>
      {verdict && <p class="insight">{verdict}</p>}
      <LayerChart layers={data.layers} />
      <DownloadCsv href={layerMetricsCsv(route.org, instants.asOf)} />
      <div class="table-wrap">
        <table class="layers-table">
          <caption>Metrics per management layer</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {data.layers.map((layer) => (
                <th scope="col" key={layer.layer} data-layer={layer.layer}>
                  Layer {layer.layer}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {POOLED_METRICS.map((metric) => (
              <tr key={metric} data-row={metric}>
                <th scope="row" title={metricInfo(metric).help}>
                  {metricInfo(metric).label}
                </th>
                {data.layers.map((layer) => (
                  <td key={layer.layer} data-layer={layer.layer}>
                    <Value metric={metric} value={layer[metric]} suppressed={layer.suppressed} minGroupSize={data.minGroupSize} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
