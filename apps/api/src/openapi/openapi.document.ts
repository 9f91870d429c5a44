import { AlertThresholds } from '@orghealth/alerts';
import { EVENT_SCHEMAS, IncomingEvent, Position } from '@orghealth/domain';
import { ImportProgress, ImportReport } from '@orghealth/ingest';
import { CalendarImportQuery, ICALENDAR } from '../sources/calendar/calendar.controller.js';
import { SourceReport } from '../sources/source-report.js';
import { CSV, ToolExportParams, ToolExportQuery } from '../sources/tool-exports/tool-export.controller.js';
import { z } from 'zod';
import { AcknowledgeBody, AlertDetail, AlertListQuery, AlertListResponse, AlertParams, AlertSettingsResponse, EvaluateQuery, EvaluationResponse } from '../alerts/alerts.schemas.js';
import { Health } from '../health/health.controller.js';
import { ErrorBody } from '../http/api-error.js';
import { AsOfQuery, OrgParams, PersonParams } from '../http/query.schemas.js';
import { OrgChart, OrgChartQuery, PersonAt } from '../org-chart/org-chart.schemas.js';
import { NDJSON, RecordResponse } from '../events/events.schemas.js';
import { OrgSettings } from '../privacy/org-settings.controller.js';
import { ApiKeyList, CreatedKey, CreateKeyRequest, KeyParams } from '../security/api-keys/api-keys.schemas.js';
import { AuditEntries, AuditQuery } from '../security/audit/audit.controller.js';
import { SessionView, SignInRequest } from '../security/session/session.schemas.js';
import { SqlRequest, SqlResult } from '../sql/sql.schemas.js';
import { AttributesResponse } from '../attributes/attributes.schemas.js';
import {
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
import { CreateWebhookBody, DeliveryListQuery, DeliveryListResponse, WebhookListResponse, WebhookParams, WebhookSchema } from '../webhooks/webhooks.schemas.js';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });

/** Path and query parameters from the same zod schemas the controllers validate with. */
function parameters(where: 'path' | 'query', schema: z.ZodObject): object[] {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(jsonSchema.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (jsonSchema.required ?? []).includes(name),
    schema: property,
    ...(property.description ? { description: property.description } : {}),
  }));
}

/** The named schemas of the document: every one of them validates or shapes real traffic. */
function components() {
  const registry = z.registry<{ id: string; description?: string }>();
  registry.add(IncomingEvent, { id: 'Event', description: 'An event envelope; `type` selects the data shape' });
  for (const [type, schema] of Object.entries(EVENT_SCHEMAS)) registry.add(schema, { id: type });
  const named = { Error: ErrorBody, RecordResponse, ImportReport, ImportProgress, SourceReport, OrgChart, PersonAt, Position, Health, SqlRequest, SqlResult, OrgMetrics: OrgMetricsResponse, LayerMetrics: LayerMetricsResponse, UnitMetrics: UnitMetricsResponse, ManagerMetrics: ManagerMetricsResponse, ManagerList: ManagerListResponse, Trend: TrendResponse, Attributes: AttributesResponse, Evaluation: EvaluationResponse, AlertList: AlertListResponse, Alert: AlertDetail, Acknowledge: AcknowledgeBody, AlertThresholds, AlertSettings: AlertSettingsResponse, CreateWebhook: CreateWebhookBody, Webhook: WebhookSchema, WebhookList: WebhookListResponse, DeliveryList: DeliveryListResponse, CreateKeyRequest, CreatedKey, ApiKeyList, AuditEntries, OrgSettings, SignInRequest, Session: SessionView };
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  return registry;
}

/** The metric endpoints: every one takes asOf and windowDays, 404s an unknown org, 503s while the analytics are unavailable. */
function metricPaths(orgPath: object[]): Record<string, object> {
  const metricsQuery = parameters('query', MetricsQueryParams);
  const groupQuery = parameters('query', GroupMetricsQueryParams);
  const personPath = parameters('path', PersonParams);
  const get = (summary: string, schema: string, params: object[], notFound = 'Unknown org') => ({
    get: {
      summary,
      parameters: params,
      responses: {
        200: { description: summary, content: json(ref(schema)) },
        400: error('Invalid parameter; `issues` names it'),
        404: error(notFound),
        503: error('The analytics store is unavailable'),
      },
    },
  });
  return {
    '/v1/orgs/{orgId}/metrics/org': get('Org-wide group metrics as of an instant, of everyone or of an attribute group', 'OrgMetrics', [...orgPath, ...groupQuery]),
    '/v1/orgs/{orgId}/metrics/layers': get('Group metrics per management layer, of everyone or of an attribute group', 'LayerMetrics', [...orgPath, ...groupQuery]),
    '/v1/orgs/{orgId}/metrics/units/{personId}': get('Group metrics of the unit Subtree(personId)', 'UnitMetrics', [...personPath, ...metricsQuery], 'Unknown org, or the person is not active at asOf'),
    '/v1/orgs/{orgId}/metrics/managers': get('Per-manager metrics of every manager, sorted and paged', 'ManagerList', [...orgPath, ...parameters('query', ManagerListQuery)]),
    '/v1/orgs/{orgId}/metrics/trend': get('A group metric week by week (for dashboards)', 'Trend', [...orgPath, ...parameters('query', TrendQueryParams as unknown as z.ZodObject)]),
    '/v1/orgs/{orgId}/attributes': get('The attribute keys and values held at an instant, with head counts (suppressed below the threshold)', 'Attributes', [
      ...orgPath,
      ...parameters('query', AsOfQuery),
    ]),
    '/v1/orgs/{orgId}/metrics/managers/{personId}': get('Per-manager metrics of one manager', 'ManagerMetrics', [...personPath, ...metricsQuery], 'Unknown org, or the person is not a manager at asOf'),
  };
}

/** Alerts, their thresholds and webhooks (docs/alerts.md). */
function alertPaths(orgPath: object[]): Record<string, object> {
  const ok = (description: string, schema: string) => ({ description, content: json(ref(schema)) });
  const body = (schema: string) => ({ required: true, content: json(ref(schema)) });
  const alertPath = parameters('path', AlertParams);
  const webhookPath = parameters('path', WebhookParams);
  return {
    '/v1/orgs/{orgId}/alerts/evaluate': {
      get: {
        summary: 'Which rules hold for whom at an instant, with their signals; records nothing',
        parameters: [...orgPath, ...parameters('query', EvaluateQuery)],
        responses: { 200: ok('The findings', 'Evaluation'), 400: error('Invalid asOf'), 404: error('Unknown org'), 503: error('The analytics store is unavailable') },
      },
    },
    '/v1/orgs/{orgId}/alerts': {
      get: {
        summary: 'Recorded alerts, newest first, by status, rule and subject, paged',
        parameters: [...orgPath, ...parameters('query', AlertListQuery)],
        responses: { 200: ok('A page of alerts', 'AlertList'), 400: error('Invalid query'), 404: error('Unknown org') },
      },
    },
    '/v1/orgs/{orgId}/alerts/{alertId}': {
      get: {
        summary: 'One alert with its full history and evidence',
        parameters: alertPath,
        responses: { 200: ok('The alert', 'Alert'), 404: error('No such alert') },
      },
    },
    '/v1/orgs/{orgId}/alerts/{alertId}/acknowledge': {
      post: {
        summary: 'Acknowledge an open alert: who and a note; it still resolves on its own',
        parameters: alertPath,
        requestBody: body('Acknowledge'),
        responses: { 200: ok('The alert after acknowledging', 'Alert'), 400: error('Invalid body'), 404: error('No such alert'), 409: error('Resolved or acknowledged already; `rule` says which') },
      },
    },
    '/v1/orgs/{orgId}/settings/alerts': {
      get: { summary: "The org's alert thresholds (the spec's defaults until set)", parameters: orgPath, responses: { 200: ok('The thresholds', 'AlertSettings') } },
      put: {
        summary: "Replace the org's alert thresholds; a threshold left out takes its default",
        parameters: orgPath,
        requestBody: body('AlertThresholds'),
        responses: { 200: ok('The thresholds saved', 'AlertSettings'), 400: error('Invalid threshold; `issues` names it') },
      },
    },
    '/v1/orgs/{orgId}/webhooks': {
      post: {
        summary: 'Subscribe a URL to alert transitions (signed with the secret, X-Orghealth-Signature)',
        parameters: orgPath,
        requestBody: body('CreateWebhook'),
        responses: { 201: ok('The subscription (without its secret)', 'Webhook'), 400: error('Invalid body') },
      },
      get: { summary: "The org's webhook subscriptions", parameters: orgPath, responses: { 200: ok('The subscriptions', 'WebhookList') } },
    },
    '/v1/orgs/{orgId}/webhooks/{subscriptionId}': {
      delete: { summary: 'Unsubscribe; deliveries still waiting are cancelled', parameters: webhookPath, responses: { 204: { description: 'Deleted' }, 404: error('No such subscription') } },
    },
    '/v1/orgs/{orgId}/webhooks/{subscriptionId}/deliveries': {
      get: {
        summary: 'Every delivery of the subscription with each attempt',
        parameters: [...webhookPath, ...parameters('query', DeliveryListQuery)],
        responses: { 200: ok('A page of deliveries', 'DeliveryList'), 404: error('No such subscription') },
      },
    },
  };
}

/** API keys, the audit log, erasure and the org's privacy threshold: admins' endpoints (docs/security.md). */
function securityPaths(orgPath: object[]): Record<string, object> {
  const invalid = error('Invalid request; `issues` has each field path');
  return {
    '/v1/session': {
      post: {
        summary: 'Sign the dashboard in with an API key or SSO JWT: sets an http-only session cookie (needs the x-orghealth-csrf: 1 header)',
        requestBody: { required: true, content: json(ref('SignInRequest')) },
        responses: { 201: { description: 'Signed in', content: json(ref('Session')) }, 400: invalid, 401: error('Not a valid key or token'), 403: error('No x-orghealth-csrf header') },
      },
      get: { summary: 'Who the request is authenticated as (session cookie or Authorization header), or nobody', responses: { 200: { description: 'The principal', content: json(ref('Session')) } } },
      delete: { summary: 'Sign out: the session ends and its cookie is cleared (needs the x-orghealth-csrf: 1 header)', responses: { 204: { description: 'Signed out' } } },
    },
    '/v1/orgs/{orgId}/api-keys': {
      post: {
        summary: 'Create an API key (admins); the key is in the answer once, only its hash is kept',
        parameters: orgPath,
        requestBody: { required: true, content: json(ref('CreateKeyRequest')) },
        responses: { 201: { description: 'The new key', content: json(ref('CreatedKey')) }, 400: invalid },
      },
      get: { summary: "The org's API keys, without secrets", parameters: orgPath, responses: { 200: { description: 'The keys', content: json(ref('ApiKeyList')) } } },
    },
    '/v1/orgs/{orgId}/api-keys/{keyId}': {
      delete: {
        summary: 'Revoke an API key: refused from the next call on',
        parameters: parameters('path', KeyParams),
        responses: { 204: { description: 'Revoked' }, 404: error('No live key with that id in the org') },
      },
    },
    '/v1/orgs/{orgId}/audit': {
      get: {
        summary: 'The audit log: reads of individual-level data and admin actions (admins)',
        parameters: [...orgPath, ...parameters('query', AuditQuery)],
        responses: { 200: { description: 'Entries, oldest first', content: json(ref('AuditEntries')) } },
      },
    },
    '/v1/orgs/{orgId}/people/{personId}/personal-data': {
      delete: {
        summary: "Erase a person's personal data (admins): their key is destroyed, their names and texts are unreadable from then on",
        description: 'The events stay, so metrics still count the person under their id. Idempotent.',
        parameters: parameters('path', PersonParams),
        responses: { 204: { description: 'Erased' } },
      },
    },
    '/v1/orgs/{orgId}/settings': {
      get: { summary: "The org's privacy threshold", parameters: orgPath, responses: { 200: { description: 'Settings', content: json(ref('OrgSettings')) } } },
      put: {
        summary: "Set the org's privacy threshold (admins; never below 3)",
        parameters: orgPath,
        requestBody: { required: true, content: json(ref('OrgSettings')) },
        responses: { 200: { description: 'Settings', content: json(ref('OrgSettings')) }, 400: invalid },
      },
    },
  };
}

/** The OpenAPI document, generated from the zod schemas that validate every request and shape every response. */
export function buildOpenApiDocument(version: string): object {
  const { schemas } = z.toJSONSchema(components(), {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'output',
    unrepresentable: 'any',
  });
  const orgPath = parameters('path', OrgParams);
  return {
    openapi: '3.1.0',
    info: {
      title: 'orghealth',
      version,
      description: 'Event-sourced org health engine: record leadership practices as events; read the org as of any instant.',
    },
    paths: {
      '/v1/orgs/{orgId}/events': {
        post: {
          summary: 'Record one event',
          description: 'Checked against the org as it stood at its occurredAt. The same eventId with the same body is a duplicate, not an error.',
          parameters: orgPath,
          requestBody: { required: true, content: json(ref('Event')) },
          responses: {
            201: { description: 'Recorded', content: json(ref('RecordResponse')) },
            200: { description: 'Already recorded (duplicate: true)', content: json(ref('RecordResponse')) },
            400: error('Malformed JSON or a schema violation; `issues` has each field path'),
            409: error('The eventId is recorded with a different body'),
            422: error('A rule of the spec is broken; `rule` names it'),
          },
        },
      },
      '/v1/orgs/{orgId}/events/import': {
        post: {
          summary: 'Import NDJSON, one envelope per line',
          description:
            'Streamed: lines are decided in file order in batches as they arrive. Each line is accepted, a duplicate, or rejected with its number and reason; a bad line costs no other. Send `Accept: application/x-ndjson` to receive a progress line after every committed batch, then the report.',
          parameters: orgPath,
          requestBody: { required: true, content: { [NDJSON]: { schema: { type: 'string', description: 'One Event per line' } } } },
          responses: {
            200: {
              description: 'The report (or, with Accept: application/x-ndjson, progress lines then `{ "type": "report", ... }`)',
              content: { ...json(ref('ImportReport')), [NDJSON]: { schema: ref('ImportProgress') } },
            },
            400: error('Invalid orgId'),
            415: error('The body is not application/x-ndjson'),
          },
        },
      },
      '/v1/orgs/{orgId}/sources/calendar': {
        post: {
          summary: 'Import a calendar export: 1:1s and skip-levels from meetings',
          description:
            'format=ics (text/calendar, streamed), google (events.list JSON) or graph (calendarView/events JSON). Series are expanded in their time zone; each occurrence that ended records CheckInHeld or SkipLevelDone by the detection table, or is counted under an ignore reason. Ids come from the UID and the occurrence, so a resend records nothing. dryRun=true records nothing and answers what would be recorded.',
          parameters: [...orgPath, ...parameters('query', CalendarImportQuery)],
          requestBody: { required: true, content: { [ICALENDAR]: { schema: { type: 'string' } }, ...json({ type: 'object' }) } },
          responses: {
            200: { description: 'What was recorded, ignored (by reason) and rejected (with UID and occurrence)', content: json(ref('SourceReport')) },
            400: error('Invalid orgId, format or dryRun, or a JSON body without its items/value array'),
            415: error('The body is not of the format’s media type'),
          },
        },
      },
      '/v1/orgs/{orgId}/sources/csv/{kind}': {
        post: {
          summary: 'Import a tool export (CSV): feedback, approvals or people decisions',
          description:
            'Canonical columns per kind (docs/sources.md); people by employee id or by email (looked up at the row’s instant). Streamed; each row is recorded, a duplicate, or rejected with its row number and reason; a bad row costs no other. dryRun=true records nothing.',
          parameters: [...parameters('path', ToolExportParams), ...parameters('query', ToolExportQuery)],
          requestBody: { required: true, content: { [CSV]: { schema: { type: 'string' } } } },
          responses: {
            200: { description: 'What was recorded, and the rejected rows with their numbers', content: json(ref('SourceReport')) },
            400: error('Invalid orgId, kind or dryRun; a required column missing from the header; not UTF-8 or not CSV'),
            415: error('The body is not text/csv'),
          },
        },
      },
      '/v1/orgs/{orgId}/org-chart': {
        get: {
          summary: 'The org as it stood at an instant',
          parameters: [...orgPath, ...parameters('query', OrgChartQuery)],
          responses: { 200: { description: 'The chart', content: json(ref('OrgChart')) }, 400: error('Invalid query'), 404: error('Unknown org') },
        },
      },
      '/v1/orgs/{orgId}/people/{personId}': {
        get: {
          summary: 'A person as of an instant: manager, directs, layer, management chain',
          parameters: [...parameters('path', PersonParams), ...parameters('query', AsOfQuery)],
          responses: {
            200: { description: 'The person', content: json(ref('PersonAt')) },
            400: error('Invalid query'),
            404: error('Unknown org, or the person is not active at asOf'),
          },
        },
      },
      ...metricPaths(orgPath),
      ...alertPaths(orgPath),
      '/v1/sql': {
        post: {
          summary: 'Read-only SQL over the analytics (HR analysts)',
          description: 'One ClickHouse statement over the projected tables and the analyst views; writes are refused. Values go in `params` for {name:Type} placeholders.',
          requestBody: { required: true, content: json(ref('SqlRequest')) },
          responses: {
            200: { description: 'Columns and rows', content: json(ref('SqlResult')) },
            400: error('Invalid request, or ClickHouse refused the statement (its reason in `message`)'),
            503: error('The analytics store is unavailable'),
          },
        },
      },
      '/v1/admin/rebuild': {
        post: {
          summary: 'Drop the analytics and replay every event into them',
          description: 'Streams NDJSON: `{"type":"progress","projected":…,"total":…}` lines, then `{"type":"done",…}` (or `{"type":"error",…}`). Reads meanwhile see a partial picture.',
          responses: {
            200: { description: 'Progress lines, then done', content: { [NDJSON]: { schema: { type: 'string' } } } },
            503: error('The analytics store is unavailable'),
          },
        },
      },
      ...securityPaths(orgPath),
      '/health': {
        get: { summary: 'Readiness and the event store head', security: [], responses: { 200: { description: 'Health', content: json(ref('Health')) } } },
      },
    },
    // Every call but /health: `Authorization: Bearer <API key or JWT>`; 401 without, 403 for another org or a role the route does not allow.
    security: [{ bearer: [] }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (ohk_…) or, with SSO, a JWT' } } },
  };
}
