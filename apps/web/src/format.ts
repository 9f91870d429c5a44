import type { MetricKind } from './metrics.js';

const MINUS = '\u2212';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A metric's value as shown; null (a ratio with nothing to divide by) reads as a dash. */
export function formatValue(kind: MetricKind, value: number | null): string {
  if (value === null) return '—';
  switch (kind) {
    case 'share':
      return `${Math.round(value * 100)}%`;
    case 'count':
      return integer.format(value);
    case 'decimal1':
      return value.toFixed(1);
    case 'decimal2':
      return value.toFixed(2);
  }
}

/** Which way a value moved, as far as it shows: a change that rounds to nothing did not move. */
export function changeDirection(kind: MetricKind, now: number | null, before: number | null): 'up' | 'down' | null {
  if (now === null || before === null) return null;
  const delta = now - before;
  const shown = kind === 'share' ? Math.round(Math.abs(delta) * 100) : Number(formatValue(kind, Math.abs(delta)).replace(/,/g, ''));
  return shown === 0 ? null : delta > 0 ? 'up' : 'down';
}

/** The change between two values: shares in percentage points, the rest in the metric's own unit. */
export function formatChange(kind: MetricKind, now: number | null, before: number | null): string {
  if (now === null || before === null) return 'no comparison';
  const direction = changeDirection(kind, now, before);
  if (direction === null) return 'no change';
  const magnitude = kind === 'share' ? `${Math.round(Math.abs(now - before) * 100)} pts` : formatValue(kind, Math.abs(now - before));
  return direction === 'down' ? `${MINUS}${magnitude}` : `+${magnitude}`;
}

/** `YYYY-MM-DD` of an instant, in UTC like the API's dates. */
export function isoDate(instant: string | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatDate(instant: string | number): string {
  return longDate.format(new Date(instant));
}
