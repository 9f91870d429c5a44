import { toDateTime64 } from '../clickhouse-time.js';

const DAY_MS = 86_400_000;

/** What every metric query takes: the instant T and, optionally, one window W (in days) replacing every metric's default. */
export interface MetricsQuery {
  orgId: string;
  /** T; metrics count facts with occurredAt in (T − W, T]. */
  asOf: string | Date;
  /** Overrides the default W of every windowed metric. */
  windowDays?: number;
}

/** The spec's default windows, in days. */
export const DEFAULT_WINDOW_DAYS = {
  oneOnOne: 30,
  checkIns: 28,
  quarter: 90,
  decisions: 180,
} as const;

/**
 * The query parameters every metric query shares: the org, T, the start of
 * each window (exclusive) and the check-in window in weeks.
 */
export function windowParams({ orgId, asOf, windowDays }: MetricsQuery): Record<string, string | number> {
  if (windowDays !== undefined && !(Number.isFinite(windowDays) && windowDays > 0)) {
    throw new RangeError(`windowDays must be a positive number of days, not ${windowDays}`);
  }
  const asOfText = toDateTime64(asOf);
  const asOfMs = Date.parse(`${asOfText.replace(' ', 'T')}Z`);
  const days = (name: keyof typeof DEFAULT_WINDOW_DAYS) => windowDays ?? DEFAULT_WINDOW_DAYS[name];
  const from = (name: keyof typeof DEFAULT_WINDOW_DAYS) => toDateTime64(new Date(asOfMs - days(name) * DAY_MS));
  return {
    orgId,
    asOf: asOfText,
    oneOnOneFrom: from('oneOnOne'),
    checkInsFrom: from('checkIns'),
    quarterFrom: from('quarter'),
    decisionsFrom: from('decisions'),
    checkInWeeks: days('checkIns') / 7,
  };
}
