/*
 * The instants a metric query is asked at, as SQL. A fact is counted at every
 * instant T whose window (T − W, T] holds it, each row carrying k, the
 * instant's 1-based index, oldest first. A single figure asks one instant; a
 * trend asks evenly spaced ones in one query, instant k being
 * T_k = last − (points − k) × step (in milliseconds: lastMs, and firstMs for
 * T_1), so a fact finds its instants by arithmetic instead of a lookup per
 * row and instant. Both shapes run the same metric SQL, so a trend agrees
 * with the figure of the day (trend.spec.ts compares them point by point).
 */

export interface Timeline {
  /** Facts of `table` in the window of length `span` (ms) of some instant, each with the instants k it counts at. */
  facts(table: string, span: string, ofManager: string): string;
  /** T_k in milliseconds. */
  instantMs(k: string): string;
  /** The org at every instant: k, person_id, path (top down to the person), layer; from org_paths at {pathsVersion}. */
  org: string;
  /** Every k, as an array. */
  every: string;
}

export const ORG_ID_IS = `org_id = {orgId:String}`;
export const OCCURRED_MS = 'toUnixTimestamp64Milli(occurred_at)';
const LAST = `{last:DateTime64(3, 'UTC')}`;
const LAST_MS = '{lastMs:Int64}';
const FIRST_MS = '{firstMs:Int64}';
const POINTS = '{points:Int64}';
const STEP_MS = '{stepMs:Int64}';
const PATHS = `${ORG_ID_IS} AND version = {pathsVersion:UInt64}`;

/** One instant, T = {last}: plain window filters, k = 1. */
export const ONE_INSTANT: Timeline = {
  facts: (table, span, ofManager) => `(
    SELECT *, toUInt32(1) AS k FROM ${table} FINAL
    WHERE ${ORG_ID_IS} AND ${OCCURRED_MS} > ${LAST_MS} - ${span} AND occurred_at <= ${LAST} AND ${ofManager}
  )`,
  instantMs: () => LAST_MS,
  org: `
    SELECT toUInt32(1) AS k, person_id, path, length(path) AS layer
    FROM org_paths FINAL
    WHERE ${PATHS} AND valid_from <= ${LAST} AND ${LAST} < valid_to`,
  every: '[toUInt32(1)]',
};

/** Whole steps from ms to the last instant, rounded down (also for ms after it). */
const stepsBeforeLast = (ms: string) => `toInt64(floor((${LAST_MS} - (${ms})) / ${STEP_MS}))`;
/** Every k with T_k in [fromMs, toMs). */
const instantsWithin = (fromMs: string, toMs: string) =>
  `range(toUInt32(greatest(1, ${POINTS} - ${stepsBeforeLast(fromMs)})), toUInt32(greatest(0, least(${POINTS}, ${POINTS} - 1 - ${stepsBeforeLast(toMs)}))) + 1)`;

/** {points} instants {stepMs} apart, the last at {last}. */
export const EVENLY_SPACED: Timeline = {
  // The instants whose window holds a fact at t: T_k in [t, t + W).
  facts: (table, span, ofManager) => `(
    SELECT *, k FROM ${table} FINAL
    ARRAY JOIN ${instantsWithin(OCCURRED_MS, `${OCCURRED_MS} + ${span}`)} AS k
    WHERE ${ORG_ID_IS} AND ${OCCURRED_MS} > ${FIRST_MS} - ${span} AND occurred_at <= ${LAST} AND ${ofManager}
  )`,
  instantMs: (k) => `(${LAST_MS} - (${POINTS} - ${k}) * ${STEP_MS})`,
  org: `
    SELECT k, person_id, path, length(path) AS layer
    FROM org_paths FINAL
    ARRAY JOIN ${instantsWithin('toUnixTimestamp64Milli(valid_from)', 'toUnixTimestamp64Milli(valid_to)')} AS k
    WHERE ${PATHS} AND valid_from <= ${LAST} AND toUnixTimestamp64Milli(valid_to) > ${FIRST_MS}`,
  every: `range(1, toUInt32(${POINTS}) + 1)`,
};
