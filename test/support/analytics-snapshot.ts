import type { OrgFactType } from '@orghealth/domain';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { authHeaders } from './credentials.js';
import { getJson, postJson } from './test-app.js';

/**
 * What the analytics of a running engine hold, read over HTTP (`/v1/sql`,
 * `/health`, the metric endpoints): for tests that compare the read side
 * after crashes, rebuilds and incremental projection.
 */

/**
 * Where each event type should land, written out here rather than taken from
 * the engine's EVENT_ROWS, so a wrong mapping there shows as a wrong count.
 */
export const TABLE_OF: Record<OrgFactType, string> = {
  PersonJoined: 'reporting_lines',
  PersonUpdated: 'person_attributes',
  ReportingLineChanged: 'reporting_lines',
  PersonLeft: 'reporting_lines',
  CheckInHeld: 'check_ins',
  FeedbackGiven: 'feedback',
  SkipLevelDone: 'skip_levels',
  OutcomeFramed: 'outcomes',
  PlanDelegated: 'plans_delegated',
  PlanReclaimed: 'plan_interventions',
  PlanOverridden: 'plan_interventions',
  ApprovalRequested: 'approval_requests',
  ApprovalResolved: 'approval_resolutions',
  DecisionMade: 'decisions',
};

export const FACT_TABLES = [...new Set(Object.values(TABLE_OF))].sort();

/** The tables an event lands in: attributes go to person_attributes, a join's with its reporting line. */
function tablesOf(event: { type: string; data?: object }): string[] {
  const table = TABLE_OF[event.type as OrgFactType];
  if (!table) throw new Error(`no table for ${event.type}`);
  const hasAttributes = event.data !== undefined && 'attributes' in event.data;
  if (event.type === 'PersonJoined' && hasAttributes) return [table, 'person_attributes'];
  return event.type === 'PersonUpdated' && !hasAttributes ? [] : [table];
}

export interface TableTotals {
  /** Rows after FINAL: one per event when exactly once. */
  rows: number;
  events: number;
  positionSum: number;
}

/**
 * Expected totals per table for events stored at positions 1..n in line
 * order (a fresh store where every line is accepted).
 */
export function expectedTotals(events: readonly { type: string; data?: object }[]): Record<string, TableTotals> {
  const totals: Record<string, TableTotals> = Object.fromEntries(
    FACT_TABLES.map((table) => [table, { rows: 0, events: 0, positionSum: 0 }]),
  );
  events.forEach((event, index) => {
    for (const table of tablesOf(event)) {
      totals[table]!.rows++;
      totals[table]!.events++;
      totals[table]!.positionSum += index + 1;
    }
  });
  return totals;
}

export async function sql(url: string, query: string, params: Record<string, string | number> = {}): Promise<unknown[][]> {
  const { status, body } = await postJson(`${url}/v1/sql`, { sql: query, params, maxRows: 1_000_000 });
  if (status !== 200) throw new Error(`/v1/sql ${status}: ${JSON.stringify(body)}\n${query}`);
  return body.rows;
}

export async function health(url: string): Promise<any> {
  return (await getJson(`${url}/health`)).body;
}

/** Waits until the analytics answer SQL (connected and migrated). */
export async function analyticsReady(url: string, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      const state = await health(url);
      if (!state.analytics.ready) throw new Error(`analytics not ready: ${JSON.stringify(state)}`);
    },
    { timeoutMs, intervalMs: 20 },
  );
}

/** Waits until every recorded event is projected. */
export async function projected(url: string, timeoutMs = 60_000): Promise<any> {
  return eventually(
    async () => {
      const state = await health(url);
      if (state.projector.lag !== 0) throw new Error(`projector behind: ${JSON.stringify(state)}`);
      return state;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** The projector's saved checkpoint, as the projector itself loads it. */
export async function savedCheckpoint(url: string): Promise<number> {
  const [[position]] = (await sql(url, "SELECT max(position) FROM projector_checkpoints WHERE projector = 'analytics'")) as [
    [number | string],
  ];
  return Number(position ?? 0);
}

/**
 * "The checkpoint is never ahead of the data", checkable while the projector
 * runs: reads the saved checkpoint C first, then the rows at positions ≤ C
 * (the projector only adds rows and raises C, so later writes cannot change
 * that answer). Every position 1..C must be there exactly once, in the fact
 * tables or the dead letters.
 */
export async function rowsUpToCheckpoint(
  url: string,
): Promise<{ checkpoint: number; rows: number; distinctPositions: number; distinctEvents: number }> {
  const checkpoint = await savedCheckpoint(url);
  const union = [...FACT_TABLES, 'dead_letters']
    .map((table) => `SELECT position, event_id FROM ${table} FINAL WHERE position <= {c:UInt64}`)
    .join(' UNION ALL ');
  const [[rows, distinctPositions, distinctEvents]] = (await sql(
    url,
    `SELECT count(), uniqExact(position), uniqExact(event_id) FROM (${union})`,
    {
      c: checkpoint,
    },
  )) as [[number, number, number]];
  return { checkpoint, rows: Number(rows), distinctPositions: Number(distinctPositions), distinctEvents: Number(distinctEvents) };
}

export interface TableSnapshot extends TableTotals {
  /** Rows before FINAL: retried copies not merged yet; informative, not compared. */
  rawRows: number;
  /** A hash of every column of every row after FINAL, order-free. */
  contentHash: string;
}

/**
 * Every fact table's totals and a fingerprint of its FINAL contents, plus the
 * dead letters (without their dead_at, the wall-clock instant of the failure).
 */
export async function tableSnapshots(url: string): Promise<Record<string, TableSnapshot>> {
  const snapshots: Record<string, TableSnapshot> = {};
  for (const table of [...FACT_TABLES, 'dead_letters']) {
    const hashed = table === 'dead_letters' ? 'cityHash64(position, event_id, org_id, type, reason, raw)' : 'cityHash64(*)';
    const [[rows, events, positionSum, contentHash]] = (await sql(
      url,
      `SELECT count(), uniqExact(event_id), sum(position), toString(sum(${hashed})) FROM ${table} FINAL`,
    )) as [[number, number, number, string]];
    const [[rawRows]] = (await sql(url, `SELECT count() FROM ${table}`)) as [[number]];
    snapshots[table] = {
      rows: Number(rows),
      events: Number(events),
      positionSum: Number(positionSum),
      rawRows: Number(rawRows),
      contentHash,
    };
  }
  return snapshots;
}

/** The totals of a snapshot, to compare with expectedTotals (dead letters apart). */
export function totalsOf(snapshots: Record<string, TableSnapshot>): Record<string, TableTotals> {
  return Object.fromEntries(
    FACT_TABLES.map((table) => [
      table,
      { rows: snapshots[table]!.rows, events: snapshots[table]!.events, positionSum: snapshots[table]!.positionSum },
    ]),
  );
}

/** Without rawRows, which depends on when ClickHouse merged. */
export function comparable(snapshots: Record<string, TableSnapshot>): Record<string, Omit<TableSnapshot, 'rawRows'>> {
  return Object.fromEntries(Object.entries(snapshots).map(([table, { rawRows: _rawRows, ...rest }]) => [table, rest]));
}

/** Drops the analytics and replays every event; resolves with the last progress line ({ type: 'done' }). */
export async function rebuild(url: string): Promise<any> {
  const response = await fetch(`${url}/v1/admin/rebuild`, { method: 'POST', headers: authHeaders() });
  const lines = (await response.text()).trim().split('\n');
  return JSON.parse(lines.at(-1)!);
}

/** True when this build serves the metric endpoints (they are being added while these tests are written). */
export async function hasMetricEndpoints(url: string, orgId: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/orgs/${orgId}/metrics/org?asOf=2026-10-31T00:00:00Z`, { headers: authHeaders() });
  await response.arrayBuffer();
  return response.status === 200;
}

/**
 * Every metric endpoint's answer at each instant: the org, its layers, the
 * manager list, and the units and managers of `people`. Status and body
 * together, so a 500 on one side shows as a difference too.
 */
export async function metricSnapshots(
  url: string,
  orgId: string,
  asOfs: readonly string[],
  people: readonly string[],
): Promise<Record<string, unknown>> {
  const base = `${url}/v1/orgs/${orgId}/metrics`;
  const paths = asOfs.flatMap((asOf) => {
    const q = `asOf=${encodeURIComponent(asOf)}`;
    return [
      `/org?${q}`,
      `/layers?${q}`,
      `/managers?${q}&limit=5000`,
      ...people.flatMap((person) => [`/units/${encodeURIComponent(person)}?${q}`, `/managers/${encodeURIComponent(person)}?${q}`]),
    ];
  });
  const snapshots: Record<string, unknown> = {};
  for (const path of paths) snapshots[path] = await getJson(`${base}${path}`);
  return snapshots;
}

/** Managers with the most reports at `asOf`, from the reporting lines: people whose units and metrics are worth comparing. */
export async function someManagers(url: string, orgId: string, count: number): Promise<string[]> {
  const rows = await sql(
    url,
    `SELECT manager_id, count() AS reports FROM reporting_lines FINAL
     WHERE org_id = {org:String} AND manager_id IS NOT NULL GROUP BY manager_id ORDER BY reports DESC, manager_id LIMIT {n:UInt32}`,
    { org: orgId, n: count },
  );
  return rows.map(([manager]) => String(manager));
}

/** A seeded generator in [0, 1) (mulberry32): kill points that a failure's seed reproduces. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
