import { orgPathsAt } from './org-paths.js';

/*
 * The instants a metric query is asked at, as SQL. A fact is counted at every
 * instant T whose window (T − W, T] holds it, each row carrying k, the
 * instant's 1-based index, oldest first. A single figure asks one instant; a
 * trend asks evenly spaced ones in one query, instant k being
 * T_k = last − (points − k) × step (in milliseconds: lastMs, and firstMs for
 * T_1), so a fact finds its instants by arithmetic instead of a lookup per
 * row and instant. Both shapes run the same metric SQL, so a trend agrees
 * with the figure of the day (trend.spec.ts compares them metric by metric).
 */

export interface Timeline {
  /** `rows` (facts with occurred_at, in the window of length `span` ms of some instant) with k, once per instant they count at. */
  expand(rows: string, span: string): string;
  /**
   * Person-to-person facts (`rows`: leader, other, occurred_at, span, ...)
   * with the other person's place at each instant they count at: k,
   * other_manager and other_skip_manager ('' for none). A fact whose other
   * person is not active at an instant is left out there.
   */
  placeOthers(rows: string): string;
  /** T_k in milliseconds. */
  instantMs(k: string): string;
  /** The org at every instant (k, person_id, path from the top down to the person, layer), from org_paths at {pathsVersion}. */
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

/** The org's facts that some instant's window of length `span` (ms) holds: the scan every timeline expands. */
export const inSomeWindow = (span: string) => `${ORG_ID_IS} AND ${OCCURRED_MS} > ${FIRST_MS} - ${span} AND occurred_at <= ${LAST}`;

/** One instant, T = {last} (firstMs = lastMs): the scan is the window itself, k = 1. */
export const ONE_INSTANT: Timeline = {
  expand: (rows) => `SELECT *, toUInt32(1) AS k FROM (${rows})`,
  placeOthers: (rows) => `
    SELECT pairs.*, toUInt32(1) AS k, people.path[-2] AS other_manager, people.path[-3] AS other_skip_manager
    FROM (${rows}) AS pairs INNER JOIN org AS people ON people.person_id = pairs.other`,
  instantMs: () => LAST_MS,
  org: orgPathsAt(LAST, 'toUInt32(1) AS k, '),
  every: '[toUInt32(1)]',
};

/** Whole steps from ms to the last instant, rounded down (also for ms after it). */
const stepsBeforeLast = (ms: string) => `toInt64(floor((${LAST_MS} - (${ms})) / ${STEP_MS}))`;
/** Every k with T_k in [fromMs, toMs). */
const instantsWithin = (fromMs: string, toMs: string) =>
  `range(toUInt32(greatest(1, ${POINTS} - ${stepsBeforeLast(fromMs)})), toUInt32(greatest(0, least(${POINTS}, ${POINTS} - 1 - ${stepsBeforeLast(toMs)}))) + 1)`;

const PIECES = `
  SELECT person_id, path, toUnixTimestamp64Milli(valid_from) AS from_ms, toUnixTimestamp64Milli(valid_to) AS to_ms
  FROM org_paths FINAL
  WHERE ${PATHS} AND valid_from <= ${LAST} AND toUnixTimestamp64Milli(valid_to) > ${FIRST_MS}`;

/**
 * {points} instants {stepMs} apart, the last at {last}. A fact at t counts at
 * every T_k in [t, t + W); joined to the other person's path intervals
 * (a few per person) before it is multiplied by its instants, so the join
 * stays small.
 */
export const EVENLY_SPACED: Timeline = {
  expand: (rows, span) => `SELECT *, k FROM (${rows}) ARRAY JOIN ${instantsWithin(OCCURRED_MS, `${OCCURRED_MS} + ${span}`)} AS k`,
  placeOthers: (rows) => `
    SELECT *, k FROM (
      SELECT pairs.*, piece.path[-2] AS other_manager, piece.path[-3] AS other_skip_manager, piece.from_ms AS from_ms, piece.to_ms AS to_ms
      FROM (${rows}) AS pairs INNER JOIN (${PIECES}) AS piece ON piece.person_id = pairs.other
    )
    ARRAY JOIN ${instantsWithin(`greatest(${OCCURRED_MS}, from_ms)`, `least(${OCCURRED_MS} + span, to_ms)`)} AS k`,
  instantMs: (k) => `(${LAST_MS} - (${POINTS} - ${k}) * ${STEP_MS})`,
  org: `
    SELECT k, person_id, path, length(path) AS layer
    FROM (${PIECES}) ARRAY JOIN ${instantsWithin('from_ms', 'to_ms')} AS k`,
  every: `range(1, toUInt32(${POINTS}) + 1)`,
};
