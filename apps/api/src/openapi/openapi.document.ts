import { AlertThresholds } from '@orghealth/alerts';
import { EVENT_SCHEMAS, IncomingEvent, Position } from '@orghealth/domain';
import { ImportProgress, ImportReport } from '@orghealth/write-model';
import { z } from 'zod';
import { AcknowledgeBody, AlertDetail, AlertListResponse, AlertSettingsResponse, EvaluationResponse } from '../alerts/alerts.schemas.js';
import { NDJSON, RecordResponse } from '../events/events.schemas.js';
import { Health, Liveness, ReadinessReport } from '../health/health.schemas.js';
import { EXPORT_FORMATS } from '../exports/export-format.js';
import { ErrorBody } from '../http/api-error.js';
import {
  LayerMetricsResponse,
  ManagerListResponse,
  ManagerMetricsResponse,
  OrgMetricsResponse,
  TrendResponse,
  UnitMetricsResponse,
} from '../metrics/metrics.schemas.js';
import { OrgChart, PersonAt } from '../org-chart/org-chart.schemas.js';
import { OrgSettings } from '../privacy/org-settings.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import type { Reply, RouteDeclaration } from '../routes/route.js';
import { ApiKeyList, CreatedKey, CreateKeyRequest } from '../security/api-keys/api-keys.schemas.js';
import { AuditEntries } from '../security/audit/audit.schemas.js';
import { SessionView, SignInRequest } from '../security/session/session.schemas.js';
import { SqlRequest, SqlResult } from '../sql/sql.schemas.js';
import { AttributesResponse } from '../attributes/attributes.schemas.js';
import { SourceReport } from '../sources/source-report.js';
import { CreateWebhookBody, DeliveryListResponse, WebhookListResponse, WebhookSchema } from '../webhooks/webhooks.schemas.js';

/**
 * The names of the document's schemas: a route whose body or answer is not
 * named here fails to build the document. Every event type is here, the alert
 * lifecycle's too though no operation takes one: the webhooks and the SQL
 * views carry them.
 */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  Event: IncomingEvent,
  ...EVENT_SCHEMAS,
  Error: ErrorBody,
  RecordResponse,
  ImportReport,
  ImportProgress,
  OrgChart,
  PersonAt,
  Position,
  Health,
  Liveness,
  Readiness: ReadinessReport,
  SqlRequest,
  SqlResult,
  Attributes: AttributesResponse,
  SourceReport,
  OrgMetrics: OrgMetricsResponse,
  LayerMetrics: LayerMetricsResponse,
  UnitMetrics: UnitMetricsResponse,
  ManagerMetrics: ManagerMetricsResponse,
  ManagerList: ManagerListResponse,
  Trend: TrendResponse,
  Evaluation: EvaluationResponse,
  AlertList: AlertListResponse,
  Alert: AlertDetail,
  Acknowledge: AcknowledgeBody,
  AlertThresholds,
  AlertSettings: AlertSettingsResponse,
  CreateWebhook: CreateWebhookBody,
  Webhook: WebhookSchema,
  WebhookList: WebhookListResponse,
  DeliveryList: DeliveryListResponse,
  CreateKeyRequest,
  CreatedKey,
  ApiKeyList,
  AuditEntries,
  OrgSettings,
  SignInRequest,
  Session: SessionView,
};

const TAGS = [
  { name: 'Events', description: 'Record what happened: one event, or an NDJSON import' },
  { name: 'Org', description: 'The org chart and a person as of any instant' },
  { name: 'Metrics', description: 'Group and per-manager metrics as of any instant, and their trends' },
  { name: 'Alerts', description: 'The alert rules: evaluations, the recorded lifecycle and the thresholds' },
  { name: 'Webhooks', description: 'Alert transitions delivered to a URL, signed' },
  { name: 'Analysts', description: 'Read-only SQL over the analytics' },
  { name: 'Session', description: "The dashboard's sign-in" },
  { name: 'Administration', description: 'API keys, the audit log, erasure and the privacy threshold (admins)' },
  { name: 'Operations', description: 'Health, probes, Prometheus metrics and rebuilds (the operator)' },
];

const nameOf = new Map<z.ZodType, string>(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]));
const ref = (schema: z.ZodType, operationId: string) => {
  const name = nameOf.get(schema);
  if (!name) throw new Error(`${operationId}: its body or answer has no name in NAMED_SCHEMAS`);
  return { $ref: `#/components/schemas/${name}` };
};
const errorReply = (description: string, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Path and query parameters from the same zod schemas the controllers validate with. */
function parameters(where: 'path' | 'query', schema: z.ZodType): object[] {
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

/** The errors every route may answer besides its own: from its access rule, its method and its body. */
function sharedErrors(route: RouteDeclaration): Record<number, object> {
  const errors: Record<number, object> = {};
  const access = route.access;
  if (!('public' in access)) errors[401] = errorReply('No credentials, or a key or token that is not valid (unknown, revoked or expired)');
  const refusals = [
    ...('public' in access ? [] : [access.operatorOnly ? "not the operator's key" : 'a role this route does not allow']),
    ...(route.path.includes(':orgId') ? ["another org's path (the same answer whether that org exists or not)"] : []),
    ...(route.method === 'GET' ? [] : ['a change sent with the session cookie but without the x-orghealth-csrf: 1 header']),
  ];
  if (refusals.length > 0) errors[403] = errorReply(`Refused: ${refusals.join('; or ')}`);
  if (route.body && 'json' in route.body) errors[413] = errorReply('The body is larger than ORGHEALTH_MAX_BODY_BYTES');
  errors[429] = errorReply(
    'Over a budget: ORGHEALTH_RATE_LIMIT requests a minute with this key (or, without a valid one, from this address), ORGHEALTH_RATE_LIMIT_PER_ORG for all of its org, or ORGHEALTH_AUTH_FAILURE_LIMIT failed authentications from this address',
    {
      'retry-after': { description: 'Seconds until the budget refills', schema: { type: 'integer' } },
    },
  );
  return errors;
}

function replyContent(reply: Reply, operationId: string): object | undefined {
  const content: Record<string, object> = {};
  if (reply.json) content['application/json'] = { schema: ref(reply.json, operationId) };
  if (reply.ndjson) content[NDJSON] = { schema: reply.ndjson instanceof z.ZodString ? { type: 'string' } : ref(reply.ndjson, operationId) };
  if (reply.text) content[reply.text] = { schema: { type: 'string' } };
  if (reply.exports) {
    for (const { mediaType } of Object.values(EXPORT_FORMATS))
      content[mediaType] = { schema: { type: 'string', format: 'binary', description: reply.exports } };
  }
  return Object.keys(content).length > 0 ? content : undefined;
}

function requestBody(route: RouteDeclaration, operationId: string): object | undefined {
  if (!route.body) return undefined;
  if ('ndjson' in route.body) {
    return {
      required: true,
      content: { [NDJSON]: { schema: { type: 'string', description: route.body.ndjson }, example: route.body.example } },
    };
  }
  if ('text' in route.body) {
    return {
      required: true,
      content: { [route.body.mediaType]: { schema: { type: 'string', description: route.body.text }, example: route.body.example } },
    };
  }
  return { required: true, content: { 'application/json': { schema: ref(route.body.json, operationId), example: route.body.example } } };
}

function operation(operationId: string, route: RouteDeclaration): object {
  const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const paramNames = Object.keys(route.params?.shape ?? {});
  if (pathNames.join() !== paramNames.join())
    throw new Error(`${operationId}: the path names ${pathNames.join()}, its params schema ${paramNames.join()}`);
  if ((route.params || route.query || route.body) && !route.errors?.[400])
    throw new Error(`${operationId}: takes input but declares no 400`);
  const responses: Record<number, object> = {};
  for (const [status, reply] of Object.entries(route.replies)) {
    const content = replyContent(reply, operationId);
    responses[Number(status)] = { description: reply.description, ...(content ? { content } : {}) };
  }
  for (const [status, description] of Object.entries(route.errors ?? {})) responses[Number(status)] = errorReply(description);
  Object.assign(responses, sharedErrors(route));
  const body = requestBody(route, operationId);
  return {
    operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.params || route.query
      ? {
          parameters: [...(route.params ? parameters('path', route.params) : []), ...(route.query ? parameters('query', route.query) : [])],
        }
      : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    ...('public' in route.access ? { security: [] } : {}),
  };
}

/**
 * The named schemas, bodies as a client sends them (defaults optional) and
 * answers as the engine sends them (defaults filled in). A schema that is both
 * must read the same both ways.
 */
function componentSchemas(routes: [string, RouteDeclaration][]): Record<string, object> {
  const bodies = new Set(routes.flatMap(([, route]) => (route.body && 'json' in route.body ? [route.body.json] : [])));
  const render = (io: 'input' | 'output', include: (schema: z.ZodType) => boolean) => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) if (include(schema)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io, unrepresentable: 'any' });
    // A component's own $id would move the base its $refs resolve from, and its $schema is the document's already.
    return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, $schema: _schema, ...schema }]) => [id, schema]));
  };
  const eventSchemas = new Set<z.ZodType>(Object.values(EVENT_SCHEMAS));
  const sent = render('input', (schema) => bodies.has(schema) || eventSchemas.has(schema));
  const answered = render('output', (schema) => !bodies.has(schema) && !eventSchemas.has(schema));
  for (const schema of bodies) {
    const name = nameOf.get(schema)!;
    const asAnswer = render('output', (candidate) => candidate === schema)[name];
    const usedAsAnswer = routes.some(([, route]) => Object.values(route.replies).some((reply) => reply.json === schema));
    if (usedAsAnswer && JSON.stringify(asAnswer) !== JSON.stringify(sent[name]))
      throw new Error(`${name} is a body and an answer that differ: name them apart`);
  }
  return { ...answered, ...sent };
}

/** The OpenAPI document, built from the route declarations and the zod schemas that validate every request and shape every answer. */
export function buildOpenApiDocument(version: string, declared: Record<string, RouteDeclaration> = API_ROUTES): object {
  const routes = Object.entries(declared);
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, route] of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(operationId, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'orghealth',
      version,
      description: 'Event-sourced org health engine: record leadership practices as events; read the org as of any instant.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'The engine that serves this document' }],
    tags: TAGS,
    paths,
    security: [{ bearer: [] }],
    components: {
      schemas: componentSchemas(routes),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (ohk_…) or, with SSO, a JWT' } },
    },
  };
}
