import { AlertThresholds } from '@orghealth/alerts';
import { IncomingEvent } from '@orghealth/domain';
import { ImportProgress, ImportReport } from '@orghealth/write-model';
import { z } from 'zod';
import {
  AcknowledgeBody,
  AlertDetail,
  AlertListQuery,
  AlertListResponse,
  AlertParams,
  AlertSettingsResponse,
  EvaluateQuery,
  EvaluationResponse,
} from '../alerts/alerts.schemas.js';
import { RecordResponse } from '../events/events.schemas.js';
import { Health, Liveness, ReadinessReport } from '../health/health.schemas.js';
import { AsOfQuery, OrgParams, PersonParams } from '../http/query.schemas.js';
import {
  GroupMetricsListQuery,
  GroupMetricsQueryParams,
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
import { AttributesResponse } from '../attributes/attributes.schemas.js';
import { CalendarImportQuery } from '../sources/calendar/calendar.schemas.js';
import { SnapshotQuery } from '../sources/hris/snapshot.schemas.js';
import { CSV, ICALENDAR } from '../sources/media-types.js';
import { SourceReport } from '../sources/source-report.js';
import { ToolExportParams, ToolExportQuery } from '../sources/tool-exports/tool-export.schemas.js';
import {
  CreateWebhookBody,
  DeliveryListQuery,
  DeliveryListResponse,
  WebhookListResponse,
  WebhookParams,
  WebhookSchema,
} from '../webhooks/webhooks.schemas.js';
import { FormatQuery } from '../exports/export-format.js';
import type { Reply, RouteDeclaration } from './route.js';

/** Anyone, without credentials: the health probe and signing in and out. */
const PUBLIC: AccessRule = { public: true };
/** Only the operator's key (ORGHEALTH_ADMIN_KEY or the generated one): work across every org, such as a rebuild. */
const OPERATOR: AccessRule = { roles: ['admin'], operatorOnly: true, audit: 'admin-action' };
/** The operator's key, not audited: a Prometheus scraper calls every few seconds and would bury the audit log. */
const OPERATOR_SCRAPE: AccessRule = { roles: ['admin'], operatorOnly: true };
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

type Input = Pick<RouteDeclaration, 'description' | 'params' | 'query' | 'body' | 'errors'>;

/** A read: GET, answered 200 with JSON; a bad path or query parameter is a 400 unless the route says more. */
function read(path: string, tag: string, summary: string, access: AccessRule, answer: Reply, input: Input = {}): RouteDeclaration {
  const takesInput = input.params !== undefined || input.query !== undefined;
  return {
    method: 'GET',
    path,
    tag,
    summary,
    access,
    status: 200,
    replies: { 200: answer },
    ...input,
    errors: { ...(takesInput ? { 400: INVALID_QUERY } : {}), ...input.errors },
  };
}

/** A change (or a POST that reads, such as SQL): answered `status`; a bad path parameter or body is a 400 unless the route says more. */
function change(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  tag: string,
  summary: string,
  access: AccessRule,
  status: 200 | 201 | 204,
  answer: Reply,
  input: Input = {},
): RouteDeclaration {
  const bad = input.body ? INVALID_BODY : input.params ? INVALID_QUERY : undefined;
  return {
    method,
    path,
    tag,
    summary,
    access,
    status,
    replies: { [status]: answer },
    ...input,
    errors: { ...(bad ? { 400: bad } : {}), ...input.errors },
  };
}

/** Metric reads share their shape: asOf and windowDays, 404 for an unknown org, 503 while the analytics are away. */
function metricRoute(
  path: string,
  summary: string,
  json: z.ZodType,
  options: { params?: z.ZodObject; query?: z.ZodType; roles?: readonly Role[]; audit?: boolean; notFound?: string; exports?: string } = {},
): RouteDeclaration {
  const answer = { description: summary, json, ...(options.exports ? { exports: options.exports } : {}) };
  return read(
    `/v1/orgs/:orgId/metrics/${path}`,
    'Metrics',
    summary,
    allow(options.roles ?? READERS, options.audit ? { audit: 'individual-read' } : {}),
    answer,
    {
      params: options.params ?? OrgParams,
      query: options.query ?? MetricsQueryParams,
      errors: { 404: options.notFound ?? 'Unknown org (no event recorded for it)', 503: UNAVAILABLE },
    },
  );
}

const SQL_ANSWER: Reply = {
  description: 'Columns and rows',
  json: SqlResult,
  exports: 'Every row of the answer under a header of column names; maxRows applies to the JSON answer only',
};

const NOT_VISIBLE = "(or not in the caller's subtree)";

/**
 * Every route of the API, declared once. The key is the operation's id in the
 * OpenAPI document (what generated clients name their methods after).
 */
export const API_ROUTES = {
  recordEvent: {
    ...change(
      'POST',
      '/v1/orgs/:orgId/events',
      'Events',
      'Record one event',
      allow(WRITERS),
      201,
      { description: 'Recorded', json: RecordResponse },
      {
        description:
          'Checked against the org as it stood at its occurredAt. The same eventId with the same body is a duplicate, not an error.',
        params: OrgParams,
        body: { json: IncomingEvent, example: CHECK_IN_EXAMPLE },
        errors: {
          400: 'Malformed JSON or a schema violation; `issues` has each field path',
          409: 'The eventId is recorded with a different body',
          422: 'A rule of the product is broken; `rule` names it and `field` the field',
        },
      },
    ),
    replies: {
      201: { description: 'Recorded', json: RecordResponse },
      200: { description: 'Already recorded (duplicate: true)', json: RecordResponse },
    },
  },
  importEvents: change(
    'POST',
    '/v1/orgs/:orgId/events/import',
    'Events',
    'Import NDJSON, one event envelope per line',
    allow(WRITERS),
    200,
    {
      description: 'The report (or, with Accept: application/x-ndjson, progress lines then `{ "type": "report", ... }`)',
      json: ImportReport,
      ndjson: ImportProgress,
    },
    {
      description:
        'Streamed: lines are decided in file order in batches as they arrive. Each line is accepted, a duplicate, or rejected with its number and reason; a bad line costs no other. Send `Accept: application/x-ndjson` to receive a progress line after every committed batch, then the report.',
      params: OrgParams,
      body: { ndjson: 'One Event envelope per line', example: `${JSON.stringify(JOINED_EXAMPLE)}\n${JSON.stringify(CHECK_IN_EXAMPLE)}\n` },
      errors: {
        400: 'Invalid orgId',
        408: 'The body sent nothing for ORGHEALTH_IMPORT_IDLE_MS: cut off, the batches committed before kept (the message says through which line)',
        409: 'ORGHEALTH_IMPORTS_PER_ORG imports of this org are running already',
        415: 'The body is not application/x-ndjson',
      },
    },
  ),
  syncHrisSnapshot: change(
    'POST',
    '/v1/orgs/:orgId/sources/hris/snapshots',
    'Sources',
    'An HR snapshot: everyone and their manager as the HR system saw them at effectiveAt (CSV)',
    allow(WRITERS),
    200,
    { description: 'What was (or, with dryRun, would be) recorded: counts per event type, recorded, duplicates, rejected with reasons' },
    {
      description:
        'Streamed. Compared with the org as recorded at effectiveAt; the difference is recorded as PersonJoined, ReportingLineChanged, PersonLeft and PersonUpdated at effectiveAt, with ids derived from the org, the person, the change and the instant, so a resend records nothing. A file with any problem is refused whole (422, every problem by row and column); a snapshot older than the latest recorded structure change, or one the guard refuses without force=true, answers 409.',
      params: OrgParams,
      query: SnapshotQuery,
      body: {
        text: 'A header row (employee_id, manager_id, and optionally email, name, title, status, hire_date, termination_date, any other column as an attribute), then one row per person',
        mediaType: CSV,
        example: 'employee_id,manager_id,name,department\nE1,,Ada Example,Exec\nE2,E1,Grace Example,Sales\n',
      },
      errors: {
        400: INVALID_QUERY,
        409: 'Older than the org as recorded, or refused by the guard (with the counts)',
        415: 'The body is not text/csv',
        422: 'The CSV has problems, listed by row and column; nothing was recorded',
      },
    },
  ),
  importCalendar: change(
    'POST',
    '/v1/orgs/:orgId/sources/calendar',
    'Sources',
    'Import a calendar export: 1:1s and skip-levels from meetings',
    allow(WRITERS),
    200,
    { description: 'What was recorded, ignored (by reason) and rejected (with UID and occurrence)', json: SourceReport },
    {
      description:
        'format=ics (text/calendar, streamed), google (an events.list answer as application/json) or graph (a calendarView/events answer as application/json). Series are expanded in their time zone; each occurrence that ended records CheckInHeld or SkipLevelDone by the detection table, or is counted under an ignore reason. Ids come from the UID and the occurrence, so a resend records nothing. dryRun=true records nothing and answers what would be recorded.',
      params: OrgParams,
      query: CalendarImportQuery,
      body: {
        text: 'An iCalendar file (RFC 5545); with format=google or graph, the JSON answer of that API instead (application/json)',
        mediaType: ICALENDAR,
        example:
          'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1on1-m1-r1\r\nDTSTART:20260302T093000Z\r\nDTEND:20260302T100000Z\r\nORGANIZER:mailto:m1@example.org\r\nATTENDEE:mailto:r1@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
      errors: {
        400: 'Invalid orgId, format or dryRun, or a JSON body without its items/value array',
        415: "The body is not of the format's media type",
      },
    },
  ),
  importToolExport: change(
    'POST',
    '/v1/orgs/:orgId/sources/csv/:kind',
    'Sources',
    'Import a tool export (CSV): feedback, approvals or people decisions',
    allow(WRITERS),
    200,
    { description: 'What was recorded, and the rejected rows with their numbers', json: SourceReport },
    {
      description:
        "Canonical columns per kind (docs/sources.md); people by employee id or by email (looked up at the row's instant). Streamed; each row is recorded, a duplicate, or rejected with its row number and reason; a bad row costs no other. dryRun=true records nothing.",
      params: ToolExportParams,
      query: ToolExportQuery,
      body: {
        text: "A header row with the kind's canonical columns, then one row per item",
        mediaType: CSV,
        example: 'id,giver,receiver,given_at,kind,solicited\nfb-1,M1,R1,2026-03-02T09:30:00Z,praise,false\n',
      },
      errors: {
        400: 'Invalid orgId, kind or dryRun; a required column missing from the header; not UTF-8 or not CSV',
        415: 'The body is not text/csv',
      },
    },
  ),
  getOrgChart: read(
    '/v1/orgs/:orgId/org-chart',
    'Org',
    'The org as it stood at an instant',
    allow(READERS, { audit: 'individual-read' }),
    { description: 'The chart', json: OrgChart },
    {
      params: OrgParams,
      query: OrgChartQuery,
      errors: { 404: 'Unknown org' },
    },
  ),
  getPerson: read(
    '/v1/orgs/:orgId/people/:personId',
    'Org',
    'A person as of an instant: manager, directs, layer, management chain',
    allow(READERS, { audit: 'individual-read' }),
    { description: 'The person', json: PersonAt },
    {
      params: PersonParams,
      query: AsOfQuery,
      errors: { 404: `Unknown org, or the person is not active at asOf ${NOT_VISIBLE}` },
    },
  ),
  getOrgMetrics: metricRoute('org', 'Org-wide group metrics as of an instant, of everyone or of an attribute group', OrgMetricsResponse, {
    roles: ORG_WIDE_READERS,
    query: GroupMetricsQueryParams,
  }),
  getLayerMetrics: metricRoute('layers', 'Group metrics per management layer, of everyone or of an attribute group', LayerMetricsResponse, {
    roles: ORG_WIDE_READERS,
    query: GroupMetricsListQuery,
    exports: 'The `layers` of the JSON answer, one row per layer',
  }),
  listAttributes: read(
    '/v1/orgs/:orgId/attributes',
    'Metrics',
    'The attribute keys and values held at an instant, with head counts (suppressed below the threshold)',
    allow(ORG_WIDE_READERS),
    { description: 'Every key with its values', json: AttributesResponse },
    {
      params: OrgParams,
      query: AsOfQuery,
      errors: { 404: 'Unknown org' },
    },
  ),
  getUnitMetrics: metricRoute('units/:personId', 'Group metrics of the unit Subtree(personId)', UnitMetricsResponse, {
    params: PersonParams,
    notFound: `Unknown org, or the person is not active at asOf ${NOT_VISIBLE}`,
  }),
  listManagerMetrics: metricRoute('managers', 'Per-manager metrics of every manager, sorted and paged', ManagerListResponse, {
    query: ManagerListQuery,
    audit: true,
    exports: 'The page of `managers` in the JSON answer, one row per manager (the file has no total: raise limit for more)',
  }),
  getManagerMetrics: metricRoute('managers/:personId', 'Per-manager metrics of one manager', ManagerMetricsResponse, {
    params: PersonParams,
    audit: true,
    notFound: `Unknown org, or the person is not a manager at asOf ${NOT_VISIBLE}`,
  }),
  getMetricTrend: metricRoute('trend', 'A group metric week by week (for dashboards)', TrendResponse, {
    query: TrendQueryParams,
    exports: 'The `points` of the JSON answer, one row per week',
  }),
  evaluateAlerts: read(
    '/v1/orgs/:orgId/alerts/evaluate',
    'Alerts',
    'Which rules hold for whom at an instant, with their signals; records nothing',
    allow(READERS, { audit: 'individual-read' }),
    { description: 'The findings', json: EvaluationResponse },
    {
      params: OrgParams,
      query: EvaluateQuery,
      errors: { 404: 'Unknown org', 503: UNAVAILABLE },
    },
  ),
  listAlerts: read(
    '/v1/orgs/:orgId/alerts',
    'Alerts',
    'Recorded alerts, newest first, by status, rule and subject, paged',
    allow(READERS, { audit: 'individual-read' }),
    { description: 'A page of alerts', json: AlertListResponse },
    {
      params: OrgParams,
      query: AlertListQuery,
      errors: { 404: 'Unknown org' },
    },
  ),
  getAlert: read(
    '/v1/orgs/:orgId/alerts/:alertId',
    'Alerts',
    'One alert with its full history and evidence',
    allow(READERS, { audit: 'individual-read' }),
    { description: 'The alert', json: AlertDetail },
    {
      params: AlertParams,
      errors: { 404: 'No such alert (or not about someone the caller may see)' },
    },
  ),
  acknowledgeAlert: change(
    'POST',
    '/v1/orgs/:orgId/alerts/:alertId/acknowledge',
    'Alerts',
    'Acknowledge an open alert as the caller, with a note; it still resolves on its own',
    allow(READERS, { audit: 'admin-action' }),
    200,
    { description: 'The alert after acknowledging', json: AlertDetail },
    {
      params: AlertParams,
      body: { json: AcknowledgeBody, example: { note: 'Talked it through with VP1; plans go back to their owners.' } },
      description:
        'Who acknowledged is the caller (a `by` in the body is a 400); the person the alert is about is refused with 403 and `rule: ALERT.SUBJECT_CANNOT_ACKNOWLEDGE`.',
      errors: { 404: 'No such alert', 409: 'Resolved or acknowledged already; `rule` says which' },
    },
  ),
  getAlertSettings: read(
    '/v1/orgs/:orgId/settings/alerts',
    'Alerts',
    "The org's alert thresholds (the defaults until set)",
    allow(ANALYSTS),
    { description: 'The thresholds', json: AlertSettingsResponse },
    { params: OrgParams },
  ),
  putAlertSettings: change(
    'PUT',
    '/v1/orgs/:orgId/settings/alerts',
    'Alerts',
    "Replace the org's alert thresholds; a threshold left out takes its default",
    allow(['admin'], { audit: 'admin-action' }),
    200,
    { description: 'The thresholds saved', json: AlertSettingsResponse },
    {
      params: OrgParams,
      body: { json: AlertThresholds, example: { BOTTLENECK: { openApprovals: 8 }, FEEDBACK_GAP: { feedbackCoverage: 0.25 } } },
      errors: { 400: 'Invalid threshold; `issues` names it' },
    },
  ),
  createWebhook: change(
    'POST',
    '/v1/orgs/:orgId/webhooks',
    'Webhooks',
    'Subscribe a URL to alert transitions (signed with the secret, X-Orghealth-Signature)',
    allow(['admin'], { audit: 'admin-action', auditBodyField: 'url' }),
    201,
    { description: 'The subscription (without its secret)', json: WebhookSchema },
    {
      params: OrgParams,
      body: {
        json: CreateWebhookBody,
        example: { url: 'https://hooks.example.org/orghealth', secret: 'a-long-shared-secret', rules: ['BOTTLENECK'] },
      },
      errors: { 400: 'Invalid body; `issues` names the field (a loopback, private, link-local or metadata `url` is refused here)' },
    },
  ),
  listWebhooks: read(
    '/v1/orgs/:orgId/webhooks',
    'Webhooks',
    "The org's webhook subscriptions",
    allow(['admin']),
    { description: 'The subscriptions', json: WebhookListResponse },
    { params: OrgParams },
  ),
  deleteWebhook: change(
    'DELETE',
    '/v1/orgs/:orgId/webhooks/:subscriptionId',
    'Webhooks',
    'Unsubscribe; deliveries still waiting are cancelled',
    allow(['admin'], { audit: 'admin-action' }),
    204,
    { description: 'Deleted' },
    {
      params: WebhookParams,
      errors: { 404: 'No such subscription' },
    },
  ),
  listWebhookDeliveries: read(
    '/v1/orgs/:orgId/webhooks/:subscriptionId/deliveries',
    'Webhooks',
    'Every delivery of the subscription with each attempt',
    allow(['admin']),
    { description: 'A page of deliveries', json: DeliveryListResponse },
    {
      params: WebhookParams,
      query: DeliveryListQuery,
      errors: { 404: 'No such subscription' },
    },
  ),
  runSql: change(
    'POST',
    '/v1/sql',
    'Analysts',
    'Read-only SQL over the analytics (HR analysts)',
    allow(ANALYSTS, { audit: 'individual-read', auditBodyField: 'sql' }),
    200,
    SQL_ANSWER,
    {
      description:
        'One ClickHouse statement over the projected tables and the analyst views; writes are refused. Values go in `params` for {name:Type} placeholders. `Accept: text/csv` or `application/vnd.apache.parquet` (or `?format=csv|parquet`) answers a file instead.',
      query: FormatQuery,
      body: {
        json: SqlRequest,
        example: {
          sql: 'SELECT count() AS people FROM people_as_of(orgId = {org:String}, asOf = now64(3))',
          params: { org: 'acme' },
          maxRows: 100,
        },
      },
      errors: { 400: 'Invalid request, or ClickHouse refused the statement (its reason in `message`)', 503: UNAVAILABLE },
    },
  ),
  rebuildAnalytics: change(
    'POST',
    '/v1/admin/rebuild',
    'Operations',
    'Replay every event into new analytics tables and swap them in',
    OPERATOR,
    200,
    { description: 'Progress lines, then done', ndjson: z.string() },
    {
      description:
        'Streams NDJSON: `{"type":"progress","projected":…,"total":…}` lines, then `{"type":"done",…}` (or `{"type":"error",…}`, e.g. 409 when a rebuild is running already). Reads meanwhile answer from the old tables.',
      errors: { 503: UNAVAILABLE },
    },
  ),
  signIn: change(
    'POST',
    '/v1/session',
    'Session',
    'Sign the dashboard in with an API key or SSO JWT: sets an http-only session cookie (needs the x-orghealth-csrf: 1 header)',
    PUBLIC,
    201,
    { description: 'Signed in', json: SessionView },
    {
      body: { json: SignInRequest, example: { credential: 'ohk_0123456789abcdef_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' } },
    },
  ),
  getSession: read(
    '/v1/session',
    'Session',
    'Who the request is authenticated as (session cookie or Authorization header), or nobody',
    PUBLIC,
    { description: 'The principal', json: SessionView },
  ),
  signOut: change(
    'DELETE',
    '/v1/session',
    'Session',
    'Sign out: the session ends and its cookie is cleared (needs the x-orghealth-csrf: 1 header)',
    PUBLIC,
    204,
    { description: 'Signed out' },
  ),
  createApiKey: change(
    'POST',
    '/v1/orgs/:orgId/api-keys',
    'Administration',
    'Create an API key (admins); the key is in the answer once, only its hash is kept',
    allow(['admin'], { audit: 'admin-action' }),
    201,
    { description: 'The new key', json: CreatedKey },
    {
      params: OrgParams,
      body: { json: CreateKeyRequest, example: { role: 'manager', personId: 'M1', label: 'M1 on the dashboard' } },
      errors: { 409: 'The org holds ORGHEALTH_MAX_API_KEYS_PER_ORG live keys already' },
    },
  ),
  listApiKeys: read(
    '/v1/orgs/:orgId/api-keys',
    'Administration',
    "The org's API keys, without secrets",
    allow(['admin']),
    { description: 'The keys', json: ApiKeyList },
    { params: OrgParams },
  ),
  revokeApiKey: change(
    'DELETE',
    '/v1/orgs/:orgId/api-keys/:keyId',
    'Administration',
    'Revoke an API key: refused from the next call on',
    allow(['admin'], { audit: 'admin-action' }),
    204,
    { description: 'Revoked' },
    {
      params: KeyParams,
      errors: { 404: 'No live key with that id in the org' },
    },
  ),
  listAuditEntries: read(
    '/v1/orgs/:orgId/audit',
    'Administration',
    'The audit log: reads of individual-level data and admin actions (admins)',
    allow(['admin']),
    { description: 'Entries, oldest first', json: AuditEntries },
    {
      params: OrgParams,
      query: AuditQuery,
    },
  ),
  erasePersonalData: change(
    'DELETE',
    '/v1/orgs/:orgId/people/:personId/personal-data',
    'Administration',
    "Erase a person's personal data (admins): their key is destroyed, their names and texts are unreadable from then on",
    allow(['admin'], { audit: 'admin-action' }),
    204,
    { description: 'Erased' },
    {
      description: 'The events stay, so metrics still count the person under their id. Idempotent.',
      params: PersonParams,
    },
  ),
  getOrgSettings: read(
    '/v1/orgs/:orgId/settings',
    'Administration',
    "The org's privacy threshold",
    allow(ANALYSTS),
    { description: 'Settings', json: OrgSettings },
    { params: OrgParams },
  ),
  putOrgSettings: change(
    'PUT',
    '/v1/orgs/:orgId/settings',
    'Administration',
    "Set the org's privacy threshold (admins; never below 3)",
    allow(['admin'], { audit: 'admin-action' }),
    200,
    { description: 'Settings', json: OrgSettings },
    {
      params: OrgParams,
      body: { json: OrgSettings, example: { minGroupSize: 7 } },
    },
  ),
  getHealth: read('/health', 'Operations', 'Readiness and the event store head', PUBLIC, { description: 'Health', json: Health }),
  getLiveness: read('/health/live', 'Operations', 'Liveness probe: the process answers', PUBLIC, { description: 'Live', json: Liveness }),
  getReadiness: read(
    '/health/ready',
    'Operations',
    'Readiness probe: ready once the event store, the analytics and the write model are',
    PUBLIC,
    { description: 'Ready; 503 with the same body while not, `waitingFor` saying for what', json: ReadinessReport },
    {
      description:
        'Answers 503 until start-up work is done and the event store, the analytics and the write model are ready, and again while the analytics are unreachable; the body is the same on 200 and 503.',
    },
  ),
  getPrometheusMetrics: read(
    '/metrics',
    'Operations',
    'Prometheus metrics in the text exposition format',
    OPERATOR_SCRAPE,
    { description: 'The exposition', text: 'text/plain; version=0.0.4' },
    {
      errors: { 404: 'Served on the metrics port instead (ORGHEALTH_METRICS_PORT)' },
    },
  ),
} as const satisfies Record<string, RouteDeclaration>;

export type OperationId = keyof typeof API_ROUTES;
