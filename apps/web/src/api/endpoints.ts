import type { z } from 'zod';
import type {
  LayerMetricsResponse,
  ManagerListResponse,
  ManagerMetricsResponse,
  OrgMetricsResponse,
  TrendResponse,
  UnitMetricsResponse,
} from '../../../api/src/metrics/metrics.schemas.js';
import type { OrgChart } from '../../../api/src/org-chart/org-chart.schemas.js';
// The alert types come from the domain: the API's alert schemas import the alerts engine, which the page must not see.
import type { AlertFinding, AlertView } from '@orghealth/domain';
import { getJson, sendJson, withQuery } from './client.js';

export type OrgMetrics = z.infer<typeof OrgMetricsResponse>;
export type LayerMetrics = z.infer<typeof LayerMetricsResponse>;
export type UnitMetrics = z.infer<typeof UnitMetricsResponse>;
export type ManagerMetrics = z.infer<typeof ManagerMetricsResponse>;
export type ManagerRow = z.infer<typeof ManagerListResponse>['managers'][number];
export type Trend = z.infer<typeof TrendResponse>;
export type Person = OrgChart['people'][number];
/** An alert as `GET …/alerts` lists it (the API's AlertSummary). */
export type RecordedAlert = Omit<AlertView, 'orgId' | 'history'>;
export type AlertRule = RecordedAlert['rule'];
export type AlertSignal = RecordedAlert['signals'][number];
export interface Evaluation {
  orgId: string;
  asOf: string;
  findings: AlertFinding[];
}
interface AlertListPage {
  total: number;
  alerts: RecordedAlert[];
}

/** Group metrics any group answers with (org, layer, unit), by the spec's name. */
export type GroupMetricKey = Exclude<keyof UnitMetrics, 'orgId' | 'asOf' | 'windowDays' | 'minGroupSize' | 'unitId' | 'suppressed'>;
export type ManagerMetricKey = Exclude<keyof ManagerRow, 'personId' | 'layer'>;

/** The API's largest pages: the org chart's (OrgChartQuery) and every other list's (PageQuery). */
const PAGE = 5000;
const ORG_CHART_PAGE = 20_000;
const org = (orgId: string) => `/v1/orgs/${encodeURIComponent(orgId)}`;

/** Every page of a paged list of `size`-item pages, one request after the other. */
async function allPages<T, Page extends { total: number }>(
  load: (offset: number) => Promise<Page>,
  items: (page: Page) => T[],
  size = PAGE,
): Promise<T[]> {
  const first = await load(0);
  const all = [...items(first)];
  for (let offset = size; offset < first.total; offset += size) all.push(...items(await load(offset)));
  return all;
}

export const orgMetrics = (orgId: string, asOf: string) => getJson<OrgMetrics>(`${org(orgId)}/metrics/org`, { asOf });

export const layerMetrics = (orgId: string, asOf: string) => getJson<LayerMetrics>(`${org(orgId)}/metrics/layers`, { asOf });

export const unitMetrics = (orgId: string, unitId: string, asOf: string, background?: AbortSignal) =>
  getJson<UnitMetrics>(`${org(orgId)}/metrics/units/${encodeURIComponent(unitId)}`, { asOf }, background);

export const managerMetrics = (orgId: string, managerId: string, asOf: string, background?: AbortSignal) =>
  getJson<ManagerMetrics>(`${org(orgId)}/metrics/managers/${encodeURIComponent(managerId)}`, { asOf }, background);

/**
 * The first `limit` managers of Subtree(unitId), ranked by the API (by `sort`, nulls last whatever the order,
 * ties by personId), and how many there are.
 */
export const unitManagers = (
  orgId: string,
  unitId: string,
  asOf: string,
  sort: ManagerMetricKey,
  order: 'asc' | 'desc',
  limit: number,
  background?: AbortSignal,
) => getJson<z.infer<typeof ManagerListResponse>>(`${org(orgId)}/metrics/managers`, { asOf, unit: unitId, sort, order, limit }, background);

/**
 * Links that download a list as the API's CSV export: the same request with format=csv, which the
 * session cookie authorizes like any other read. The managers' file holds the whole unit, not only the rows shown.
 */
export const layerMetricsCsv = (orgId: string, asOf: string) => withQuery(`${org(orgId)}/metrics/layers`, { asOf, format: 'csv' });
export const unitManagersCsv = (orgId: string, unitId: string, asOf: string, sort: ManagerMetricKey, order: 'asc' | 'desc') =>
  withQuery(`${org(orgId)}/metrics/managers`, { asOf, unit: unitId, sort, order, limit: PAGE, format: 'csv' });

/** `group`: `org`, `layer:N` or `unit:PERSON_ID`; one point a week from `from` to `to`. */
export const trend = (orgId: string, metric: GroupMetricKey, group: string, from: string, to: string, background?: AbortSignal) =>
  getJson<Trend>(`${org(orgId)}/metrics/trend`, { metric, group, from, to, step: 'week' }, background);

export const orgChart = (orgId: string, asOf: string) =>
  allPages(
    (offset) => getJson<OrgChart>(`${org(orgId)}/org-chart`, { asOf, limit: ORG_CHART_PAGE, offset }),
    (page) => page.people,
    ORG_CHART_PAGE,
  );

/** The recorded alerts change as they are acknowledged and resolved: asked afresh each time, never kept. */
export const recordedAlerts = (orgId: string) =>
  allPages(
    (offset) => sendJson<AlertListPage>('GET', `${org(orgId)}/alerts?limit=${PAGE}&offset=${offset}`),
    (page) => page.alerts,
  );

/** Which rules held for whom at a past instant, evaluated afresh: nothing is recorded. */
export const evaluation = (orgId: string, asOf: string, background?: AbortSignal) =>
  getJson<Evaluation>(`${org(orgId)}/alerts/evaluate`, { asOf }, background);

export const acknowledgeAlert = (orgId: string, alertId: string, note: string) =>
  sendJson<RecordedAlert>('POST', `${org(orgId)}/alerts/${encodeURIComponent(alertId)}/acknowledge`, note ? { note } : {});
