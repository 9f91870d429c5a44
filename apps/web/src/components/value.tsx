import { formatValue } from '../format.js';
import { metricInfo, type MetricKey } from '../metrics.js';

/**
 * One metric's value. `data-value` holds the number exactly as the API sent it, so what is shown can be
 * checked against the API; a suppressed group says why there is no number.
 */
export function Value({
  metric,
  value,
  suppressed,
  minGroupSize,
}: {
  metric: MetricKey;
  value: number | null;
  suppressed?: boolean;
  minGroupSize?: number;
}) {
  if (suppressed) {
    return (
      <span class="value suppressed" data-metric={metric} data-suppressed="true" title="Not shown to protect the privacy of a small group">
        fewer than {minGroupSize ?? 5} people
      </span>
    );
  }
  const info = metricInfo(metric);
  return (
    <span
      class="value"
      data-metric={metric}
      data-value={value === null ? 'null' : String(value)}
      title={value === null ? 'Nothing to measure in the window' : undefined}
    >
      {formatValue(info.kind, value)}
    </span>
  );
}
