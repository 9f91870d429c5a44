import type { Trend } from '../api/endpoints.js';
import { COMPARE_DAYS } from '../as-of.js';
import { changeDirection, formatChange } from '../format.js';
import { metricInfo, type MetricKey } from '../metrics.js';
import { TrendLine } from './trend-line.js';
import { Value } from './value.js';

/** Whether a change is good news: by colour and by word, never by colour alone. */
function verdict(metric: MetricKey, now: number | null, before: number | null): 'better' | 'worse' | 'flat' {
  const { better } = metricInfo(metric);
  if (now === null || before === null || better === 'neither') return 'flat';
  return now > before === (better === 'higher') ? 'better' : 'worse';
}

export interface TileProps {
  metric: MetricKey;
  now: number | null;
  /** The value 90 days before; undefined when there is nothing to compare with. */
  before?: number | null;
  suppressed?: boolean;
  minGroupSize?: number;
  /** Loads the 12-month trend (in the background while `gone` has not aborted); without it, no sparkline. */
  trend?: { key: string; load: (gone: AbortSignal) => Promise<Trend> };
}

/** One metric: its value, its change against 90 days earlier and its 12-month trend. */
export function Tile({ metric, now, before, suppressed, minGroupSize, trend }: TileProps) {
  const info = metricInfo(metric);
  const change = before === undefined || suppressed ? null : formatChange(info.kind, now, before);
  const direction = change === null ? null : changeDirection(info.kind, now, before ?? null);
  const judged = direction === null ? 'flat' : verdict(metric, now, before ?? null);
  return (
    <section class="tile" data-tile={metric} aria-label={info.label}>
      <h3 title={info.help}>{info.label}</h3>
      <p class="tile-value">
        <Value metric={metric} value={now} suppressed={suppressed} minGroupSize={minGroupSize} />
      </p>
      {change !== null && (
        <p class={`change ${judged}`} data-change={metric} title={`Against ${COMPARE_DAYS} days earlier`}>
          {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
          <span class="change-text">{change}</span>
          <span class="change-note">
            {' '}
            vs {COMPARE_DAYS} days ago{judged === 'flat' ? '' : judged === 'better' ? ' (better)' : ' (worse)'}
          </span>
        </p>
      )}
      {trend && !suppressed && <TrendLine load={trend.load} trendKey={trend.key} metric={metric} />}
      <p class="help">{info.help}</p>
    </section>
  );
}
