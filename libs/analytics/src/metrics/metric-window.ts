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

type WindowName = keyof typeof DEFAULT_WINDOW_DAYS;

function windowDaysOf(windowDays: number | undefined): (name: WindowName) => number {
  if (windowDays !== undefined && !(Number.isFinite(windowDays) && windowDays > 0)) {
    throw new RangeError(`windowDays must be a positive number of days, not ${windowDays}`);
  }
  return (name) => windowDays ?? DEFAULT_WINDOW_DAYS[name];
}

/** Evenly spaced instants, oldest first: `points` of them, `stepMs` apart, the last at `last`. */
export interface Instants {
  last: string | Date;
  points: number;
  stepMs: number;
}

const WEEK_MS = 7 * DAY_MS;

/** T alone. */
export const onlyInstant = (asOf: string | Date): Instants => ({ last: asOf, points: 1, stepMs: WEEK_MS });

/**
 * The query parameters of a metric query over several instants at once (a
 * trend; a single figure is the case of one): the org, the instants, each
 * window's length in milliseconds and the check-in window in weeks.
 */
export function instantsParams(orgId: string, { last, points, stepMs }: Instants, windowDays?: number): Record<string, string | number> {
  const days = windowDaysOf(windowDays);
  if (!(Number.isInteger(points) && points >= 1 && Number.isInteger(stepMs) && stepMs >= 1)) {
    throw new RangeError(`instants need a whole number of points (not ${points}) and a positive step in ms (not ${stepMs})`);
  }
  const lastText = toDateTime64(last);
  const lastMs = Date.parse(`${lastText.replace(' ', 'T')}Z`);
  return {
    orgId,
    last: lastText,
    lastMs,
    firstMs: lastMs - (points - 1) * stepMs,
    points,
    stepMs,
    oneOnOneMs: Math.round(days('oneOnOne') * DAY_MS),
    checkInsMs: Math.round(days('checkIns') * DAY_MS),
    quarterMs: Math.round(days('quarter') * DAY_MS),
    decisionsMs: Math.round(days('decisions') * DAY_MS),
    checkInWeeks: days('checkIns') / 7,
  };
}

/**
 * The parameters of the one-instant approval facts (per-manager metrics
 * only): T and the start (exclusive) of the 90-day window.
 */
export function approvalWindowParams({ asOf, windowDays }: MetricsQuery): Record<string, string> {
  const asOfText = toDateTime64(asOf);
  const asOfMs = Date.parse(`${asOfText.replace(' ', 'T')}Z`);
  return { asOf: asOfText, quarterFrom: toDateTime64(new Date(asOfMs - windowDaysOf(windowDays)('quarter') * DAY_MS)) };
}
