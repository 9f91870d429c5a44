import { AlertThresholds } from '@orghealth/alerts';
import { IncomingEvent } from '@orghealth/domain';
import { ImportProgress, ImportReport } from '@orghealth/ingest';
import { z } from 'zod';
import { AcknowledgeBody, AlertDetail, AlertListQuery, AlertListResponse, AlertParams, AlertSettingsResponse, EvaluateQuery, EvaluationResponse } from '../alerts/alerts.schemas.js';
import { NDJSON, RecordResponse } from '../events/events.schemas.js';
import { Health } from '../health/health.schemas.js';
import { AsOfQuery, OrgParams, PersonParams } from '../http/query.schemas.js';
import {
  LayerMetricsResponse,
  ManagerListQuery,
  ManagerListResponse,
  ManagerMetricsResponse,
  MetricsQueryParams,
  OrgMetricsResponse,
  TrendQueryParams,
  TrendResponse,
  UnitMetricsResponse,
} from '../metrics/metrics.schemas.js';
import { OrgChart, OrgChartQuery, PersonAt } from '../org-chart/org-chart.schemas.js';
import { OrgSettings } from '../privacy/org-settings.schemas.js';
import type { AccessRule, AuditOptions } from '../security/access.js';
import { ApiKeyList, CreatedKey, CreateKeyRequest, KeyParams } from '../security/api-keys/api-keys.schemas.js';
import { AuditEntries, AuditQuery } from '../security/audit/audit.schemas.js';
import type { Role } from '../security/principal.js';
import { SessionView, SignInRequest } from '../security/session/session.schemas.js';
import { SqlRequest, SqlResult } from '../sql/sql.schemas.js';
import { CreateWebhookBody, DeliveryListQuery, DeliveryListResponse, WebhookListResponse, WebhookParams, WebhookSchema } from '../webhooks/webhooks.schemas.js';
import type { RouteDeclaration } from './route.js';

/** Anyone, without credentials: the health probe and signing in and out. */
const PUBLIC: AccessRule = { public: true };
/** Only the operator's key (ORGHEALTH_ADMIN_KEY or the generated one): work across every org, such as a rebuild. */
const OPERATOR: AccessRule = { roles: ['admin'], operatorOnly: true, audit: 'admin-action' };
/** The roles that may call the route; the org in its path must be the caller's own. */
const allow = (roles: readonly Role[], options: AuditOptions = {}): AccessRule => ({ roles, ...options });

// Who reads the org's structure, its units' metrics and its alerts (each scoped to what the caller may see).
const READERS = ['admin', 'hr_analyst', 'executive', 'manager'] as const;
const ORG_WIDE_READERS = ['admin', 'hr_analyst', 'executive'] as const;
const ANALYSTS = ['admin', 'hr_analyst'] as const;
const WRITERS = ['admin', 'ingest'] as const;

const UNAVAILABLE = 'The analytics store is unavailable (starting, migrating or unreachable): retry later';
const INVALID_QUERY = 'Invalid path or query parameter; `issues` names each one';
const INVALID_BODY = 'Invalid body; `issues` names each field with the reason';

const CHECK_IN_EXAMPLE = {
  eventId: '0b7e3c7a-4a52-4c8e-9d43-7f1b2f0f6a11',
  type: 'CheckInHeld',
  orgId: 'acme',
  occurredAt: '2026-03-02T09:30:00Z',
  schemaVersion: 1,
  data: { checkInId: 'ci-1042', leaderId: 'M1', reportId: 'R1', durationMinutes: 30, progress: 'on_track' },
};
const JOINED_EXAMPLE = {
  eventId: '5c1d8a30-2f7e-4d0b-8a8e-2b6f3c9d1e77',
  type: 'PersonJoined',
  orgId: 'acme',
  occurredAt: '2026-01-05T09:00:00Z',
  schemaVersion: 1,
  data: { personId: 'R9', managerId: 'M1', name: 'Ada Example', title: 'Engineer' },
};

/** Metric reads share their shape: the org's readers, asOf and windowDays, 404 for an unknown org, 503 while the analytics are away. */
function metricRoute(path: string, summary: string, json: z.ZodType, options: { params?: z.ZodObject; query?: z.ZodType; roles?: readonly Role[]; audit?: boolean; notFound?: string } = {}): RouteDeclaration {
  return {
    method: 'GET',
    path: `/v1/orgs/:orgId/metrics/${path}`,
    tag: 'Metrics',
    summary,
    access: allow(options.roles ?? READERS, options.audit ? { audit: 'individual-read' } : {}),
    status: 200,
    replies: { 200: { description: summary, json } },
    params: options.params ?? OrgParams,
    query: options.query ?? MetricsQueryParams,
    errors: { 400: INVALID_QUERY, 404: options.notFound ?? 'Unknown org (no event recorded for it)', 503: UNAVAILABLE },
  };
}

/**
 * Every route of the API, declared once. The key is the operation's id in the
 * OpenAPI document (what generated clients name their methods after).
 */
export const API_ROUTES = {
  recordEvent: {
    method: 'POST',
    path: '/v1/orgs/:orgId/events',
    tag: 'Events',
    summary: 'Record one event',
    description: 'Checked against the org as it stood at its occurredAt. The same eventId with the same body is a duplicate, not an error.',
    access: allow(WRITERS),
    status: 201,
    replies: {
      201: { description: 'Recorded', json: RecordResponse },
      200: { description: 'Already recorded (duplicate: true)', json: RecordResponse },
    },
    params: OrgParams,
    body: { json: IncomingEvent, example: CHECK_IN_EXAMPLE },
    errors: {
      400: 'Malformed JSON or a schema violation; `issues` has each field path',
      409: 'The eventId is recorded with a different body',
      422: 'A rule of the product is broken; `rule` names it and `field` the field',
    },
  },
  importEvents: {
    method: 'POST',
    path: '/v1/orgs/:orgId/events/import',
    tag: 'Events',
    summary: 'Import NDJSON, one event envelope per line',
    description:
      'Streamed: lines are decided in file order in batches as they arrive. Each line is accepted, a duplicate, or rejected with its number and reason; a bad line costs no other. Send `Accept: application/x-ndjson` to receive a progress line after every committed batch, then the report.',
    access: allow(WRITERS),
    status: 200,
    replies: { 200: { description: 'The report (or, with Accept: application/x-ndjson, progress lines then `{ "type": "report", ... }`)', json: ImportReport, ndjson: ImportProgress } },
    params: OrgParams,
    body: { ndjson: 'One Event envelope per line', example: `${JSON.stringify(JOINED_EXAMPLE)}\n${JSON.stringify(CHECK_IN_EXAMPLE)}\n` },
    errors: { 400: 'Invalid orgId', 415: 'The body is not application/x-ndjson' },
  },
  getOrgChart: {
    method: 'GET',
    path: '/v1/orgs/:orgId/org-chart',
    tag: 'Org',
    summary: 'The org as it stood at an instant',
    access: allow(READERS, { audit: 'individual-read' }),
    status: 200,
    replies: { 200: { description: 'The chart', json: OrgChart } },
    params: OrgParams,
    query: OrgChartQuery,
    errors: { 400: INVALID_QUERY, 404: 'Unknown org' },
  },
  getPerson: {
    method: 'GET',
    path: '/v1/orgs/:orgId/people/:personId',
    tag: 'Org',
    summary: 'A person as of an instant: manager, directs, layer, management chain',
    access: allow(READERS, { audit: 'individual-read' }),
    status: 200,
    replies: { 200: { description: 'The person', json: PersonAt } },
    params: PersonParams,
    query: AsOfQuery,
    errors: { 400: INVALID_QUERY, 404: 'Unknown org, or the person is not active at asOf (or not in the caller\'s subtree)' },
  },
  getOrgMetrics: metricRoute('org', 'Org-wide group metrics as of an instant', OrgMetricsResponse, { roles: ORG_WIDE_READERS }),
  getLayerMetrics: metricRoute('layers', 'Group metrics per management layer', LayerMetricsResponse, { roles: ORG_WIDE_READERS }),
  getUnitMetrics: metricRoute('units/:personId', 'Group metrics of the unit Subtree(personId)', UnitMetricsResponse, {
    params: PersonParams,
    notFound: 'Unknown org, or the person is not active at asOf (or not in the caller\'s subtree)',
  }),
  listManagerMetrics: metricRoute('managers', 'Per-manager metrics of every manager, sorted and paged', ManagerListResponse, { query: ManagerListQuery, audit: true }),
  getManagerMetrics: metricRoute('managers/:personId', 'Per-manager metrics of one manager', ManagerMetricsResponse, {
    params: PersonParams,
    audit: true,
    notFound: 'Unknown org, or the person is not a manager at asOf (or not in the caller\'s subtree)',
  }),
  getMetricTrend: metricRoute('trend', 'A group metric week by week (for dashboards)', TrendResponse, { query: TrendQueryParams }),
  evaluateAlerts: {
    method: 'GET',
    path: '/v1/orgs/:orgId/alerts/evaluate',
    tag: 'Alerts',
    summary: 'Which rules hold for whom at an instant, with their signals; records nothing',
    access: allow(READERS, { audit: 'individual-read' }),
    status: 200,
    replies: { 200: { description: 'The findings', json: EvaluationResponse } },
    params: OrgParams,
    query: EvaluateQuery,
    errors: { 400: INVALID_QUERY, 404: 'Unknown org', 503: UNAVAILABLE },
  },
  listAlerts: {
    method: 'GET',
    path: '/v1/orgs/:orgId/alerts',
    tag: 'Alerts',
    summary: 'Recorded alerts, newest first, by status, rule and subject, paged',
    access: allow(READERS, { audit: 'individual-read' }),
    status: 200,
    replies: { 200: { description: 'A page of alerts', json: AlertListResponse } },
    params: OrgParams,
    query: AlertListQuery,
    errors: { 400: INVALID_QUERY, 404: 'Unknown org' },
  },
  getAlert: {
    method: 'GET',
    path: '/v1/orgs/:orgId/alerts/:alertId',
    tag: 'Alerts',
    summary: 'One alert with its full history and evidence',
    access: allow(READERS, { audit: 'individual-read' }),
    status: 200,
    replies: { 200: { description: 'The alert', json: AlertDetail } },
    params: AlertParams,
    errors: { 400: INVALID_QUERY, 404: 'No such alert (or not about someone the caller may see)' },
  },
  acknowledgeAlert: {
    method: 'POST',
    path: '/v1/orgs/:orgId/alerts/:alertId/acknowledge',
    tag: 'Alerts',
    summary: 'Acknowledge an open alert: who and a note; it still resolves on its own',
    access: allow(READERS, { audit: 'admin-action', auditBodyField: 'by' }),
    status: 200,
    replies: { 200: { description: 'The alert after acknowledging', json: AlertDetail } },
    params: AlertParams,
    body: { json: AcknowledgeBody, example: { by: 'M1', note: 'Talked it through with VP1; plans go back to their owners.' } },
    errors: { 400: INVALID_BODY, 404: 'No such alert', 409: 'Resolved or acknowledged already; `rule` says which' },
  },
  getAlertSettings: {
    method: 'GET',
    path: '/v1/orgs/:orgId/settings/alerts',
    tag: 'Alerts',
    summary: "The org's alert thresholds (the defaults until set)",
    access: allow(ANALYSTS),
    status: 200,
    replies: { 200: { description: 'The thresholds', json: AlertSettingsResponse } },
    params: OrgParams,
    errors: { 400: INVALID_QUERY },
  },
  putAlertSettings: {
    method: 'PUT',
    path: '/v1/orgs/:orgId/settings/alerts',
    tag: 'Alerts',
    summary: "Replace the org's alert thresholds; a threshold left out takes its default",
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 200,
    replies: { 200: { description: 'The thresholds saved', json: AlertSettingsResponse } },
    params: OrgParams,
    body: { json: AlertThresholds, example: { BOTTLENECK: { openApprovals: 8 }, FEEDBACK_GAP: { feedbackCoverage: 0.25 } } },
    errors: { 400: 'Invalid threshold; `issues` names it' },
  },
  createWebhook: {
    method: 'POST',
    path: '/v1/orgs/:orgId/webhooks',
    tag: 'Webhooks',
    summary: 'Subscribe a URL to alert transitions (signed with the secret, X-Orghealth-Signature)',
    access: allow(['admin'], { audit: 'admin-action', auditBodyField: 'url' }),
    status: 201,
    replies: { 201: { description: 'The subscription (without its secret)', json: WebhookSchema } },
    params: OrgParams,
    body: { json: CreateWebhookBody, example: { url: 'https://hooks.example.org/orghealth', secret: 'a-long-shared-secret', rules: ['BOTTLENECK'] } },
    errors: { 400: INVALID_BODY },
  },
  listWebhooks: {
    method: 'GET',
    path: '/v1/orgs/:orgId/webhooks',
    tag: 'Webhooks',
    summary: "The org's webhook subscriptions",
    access: allow(['admin']),
    status: 200,
    replies: { 200: { description: 'The subscriptions', json: WebhookListResponse } },
    params: OrgParams,
    errors: { 400: INVALID_QUERY },
  },
  deleteWebhook: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/webhooks/:subscriptionId',
    tag: 'Webhooks',
    summary: 'Unsubscribe; deliveries still waiting are cancelled',
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 204,
    replies: { 204: { description: 'Deleted' } },
    params: WebhookParams,
    errors: { 400: INVALID_QUERY, 404: 'No such subscription' },
  },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/v1/orgs/:orgId/webhooks/:subscriptionId/deliveries',
    tag: 'Webhooks',
    summary: 'Every delivery of the subscription with each attempt',
    access: allow(['admin']),
    status: 200,
    replies: { 200: { description: 'A page of deliveries', json: DeliveryListResponse } },
    params: WebhookParams,
    query: DeliveryListQuery,
    errors: { 400: INVALID_QUERY, 404: 'No such subscription' },
  },
  runSql: {
    method: 'POST',
    path: '/v1/sql',
    tag: 'Analysts',
    summary: 'Read-only SQL over the analytics (HR analysts)',
    description: 'One ClickHouse statement over the projected tables and the analyst views; writes are refused. Values go in `params` for {name:Type} placeholders.',
    access: allow(ANALYSTS, { audit: 'individual-read', auditBodyField: 'sql' }),
    status: 200,
    replies: { 200: { description: 'Columns and rows', json: SqlResult } },
    body: { json: SqlRequest, example: { sql: 'SELECT count() AS people FROM people_as_of(orgId = {org:String}, asOf = now64(3))', params: { org: 'acme' }, maxRows: 100 } },
    errors: { 400: 'Invalid request, or ClickHouse refused the statement (its reason in `message`)', 503: UNAVAILABLE },
  },
  rebuildAnalytics: {
    method: 'POST',
    path: '/v1/admin/rebuild',
    tag: 'Operations',
    summary: 'Drop the analytics and replay every event into them',
    description: 'Streams NDJSON: `{"type":"progress","projected":…,"total":…}` lines, then `{"type":"done",…}` (or `{"type":"error",…}`).',
    access: OPERATOR,
    status: 200,
    replies: { 200: { description: 'Progress lines, then done', ndjson: z.string() } },
    errors: { 503: UNAVAILABLE },
  },
  signIn: {
    method: 'POST',
    path: '/v1/session',
    tag: 'Session',
    summary: 'Sign the dashboard in with an API key or SSO JWT: sets an http-only session cookie (needs the x-orghealth-csrf: 1 header)',
    access: PUBLIC,
    status: 201,
    replies: { 201: { description: 'Signed in', json: SessionView } },
    body: { json: SignInRequest, example: { credential: 'ohk_0123456789abcdef_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' } },
    errors: { 400: INVALID_BODY },
  },
  getSession: {
    method: 'GET',
    path: '/v1/session',
    tag: 'Session',
    summary: 'Who the request is authenticated as (session cookie or Authorization header), or nobody',
    access: PUBLIC,
    status: 200,
    replies: { 200: { description: 'The principal', json: SessionView } },
  },
  signOut: {
    method: 'DELETE',
    path: '/v1/session',
    tag: 'Session',
    summary: 'Sign out: the session ends and its cookie is cleared (needs the x-orghealth-csrf: 1 header)',
    access: PUBLIC,
    status: 204,
    replies: { 204: { description: 'Signed out' } },
  },
  createApiKey: {
    method: 'POST',
    path: '/v1/orgs/:orgId/api-keys',
    tag: 'Administration',
    summary: 'Create an API key (admins); the key is in the answer once, only its hash is kept',
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 201,
    replies: { 201: { description: 'The new key', json: CreatedKey } },
    params: OrgParams,
    body: { json: CreateKeyRequest, example: { role: 'manager', personId: 'M1', label: 'M1 on the dashboard' } },
    errors: { 400: INVALID_BODY },
  },
  listApiKeys: {
    method: 'GET',
    path: '/v1/orgs/:orgId/api-keys',
    tag: 'Administration',
    summary: "The org's API keys, without secrets",
    access: allow(['admin']),
    status: 200,
    replies: { 200: { description: 'The keys', json: ApiKeyList } },
    params: OrgParams,
    errors: { 400: INVALID_QUERY },
  },
  revokeApiKey: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/api-keys/:keyId',
    tag: 'Administration',
    summary: 'Revoke an API key: refused from the next call on',
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 204,
    replies: { 204: { description: 'Revoked' } },
    params: KeyParams,
    errors: { 400: INVALID_QUERY, 404: 'No live key with that id in the org' },
  },
  listAuditEntries: {
    method: 'GET',
    path: '/v1/orgs/:orgId/audit',
    tag: 'Administration',
    summary: 'The audit log: reads of individual-level data and admin actions (admins)',
    access: allow(['admin']),
    status: 200,
    replies: { 200: { description: 'Entries, oldest first', json: AuditEntries } },
    params: OrgParams,
    query: AuditQuery,
    errors: { 400: INVALID_QUERY },
  },
  erasePersonalData: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/people/:personId/personal-data',
    tag: 'Administration',
    summary: "Erase a person's personal data (admins): their key is destroyed, their names and texts are unreadable from then on",
    description: 'The events stay, so metrics still count the person under their id. Idempotent.',
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 204,
    replies: { 204: { description: 'Erased' } },
    params: PersonParams,
    errors: { 400: INVALID_QUERY },
  },
  getOrgSettings: {
    method: 'GET',
    path: '/v1/orgs/:orgId/settings',
    tag: 'Administration',
    summary: "The org's privacy threshold",
    access: allow(ANALYSTS),
    status: 200,
    replies: { 200: { description: 'Settings', json: OrgSettings } },
    params: OrgParams,
    errors: { 400: INVALID_QUERY },
  },
  putOrgSettings: {
    method: 'PUT',
    path: '/v1/orgs/:orgId/settings',
    tag: 'Administration',
    summary: "Set the org's privacy threshold (admins; never below 3)",
    access: allow(['admin'], { audit: 'admin-action' }),
    status: 200,
    replies: { 200: { description: 'Settings', json: OrgSettings } },
    params: OrgParams,
    body: { json: OrgSettings, example: { minGroupSize: 7 } },
    errors: { 400: INVALID_BODY },
  },
  getHealth: {
    method: 'GET',
    path: '/health',
    tag: 'Operations',
    summary: 'Readiness and the event store head',
    access: PUBLIC,
    status: 200,
    replies: { 200: { description: 'Health', json: Health } },
  },
} as const satisfies Record<string, RouteDeclaration>;

export type OperationId = keyof typeof API_ROUTES;
