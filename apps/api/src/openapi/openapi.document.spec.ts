import { z } from 'zod';
import { OrgParams, PersonParams } from '../http/query.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import type { RouteDeclaration } from '../routes/route.js';
import { OrgSettings } from '../privacy/org-settings.schemas.js';
import { buildOpenApiDocument } from './openapi.document.js';

type Operation = {
  operationId: string;
  responses: Record<string, { description: string }>;
  requestBody?: { content: Record<string, { example: unknown }> };
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[] }> } };

const putSettings: RouteDeclaration = {
  method: 'PUT',
  path: '/v1/orgs/:orgId/settings',
  tag: 'Administration',
  summary: 'Set the threshold',
  access: { roles: ['admin'] },
  status: 200,
  replies: { 200: { description: 'Settings', json: OrgSettings } },
  params: OrgParams,
  body: { json: OrgSettings, example: { minGroupSize: 7 } },
  errors: { 400: 'Invalid body' },
};
const build = (routes: Record<string, RouteDeclaration>) => buildOpenApiDocument('1.0.0', routes) as Document;

describe('the OpenAPI document built from the route declarations', () => {
  it('writes a declared route as an operation: its id, its answers, its errors and the shared ones, its example', () => {
    const operation = build({ putOrgSettings: putSettings }).paths['/v1/orgs/{orgId}/settings']!.put!;
    expect(operation.operationId).toBe('putOrgSettings');
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '413', '429']);
    expect(operation.requestBody!.content['application/json']!.example).toEqual({ minGroupSize: 7 });
  });

  it('documents no credentials errors on a public route, and no CSRF refusal on a public read', () => {
    const operation = build({ getHealth: API_ROUTES.getHealth }).paths['/health']!.get!;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '429']);
  });

  it('writes request bodies as a client sends them: a field with a default is optional', () => {
    const schemas = build(API_ROUTES).components.schemas;
    expect(schemas.SqlRequest!.required).toEqual(['sql']);
    expect(schemas.SqlResult!.required).toEqual(expect.arrayContaining(['truncated']));
  });

  it('refuses a path whose parameters differ from its params schema', () => {
    expect(() => build({ broken: { ...putSettings, path: '/v1/orgs/:orgId/people/:personId/settings' } })).toThrow(
      'broken: the path names orgId,personId, its params schema orgId',
    );
    expect(() => build({ broken: { ...putSettings, params: PersonParams } })).toThrow(
      /the path names orgId, its params schema orgId,personId/,
    );
  });

  it('refuses a route that takes input but documents no 400, and a body or answer without a schema name', () => {
    expect(() => build({ broken: { ...putSettings, errors: {} } })).toThrow('broken: takes input but declares no 400');
    const unnamed = z.strictObject({ anything: z.string() });
    expect(() => build({ broken: { ...putSettings, body: { json: unnamed, example: {} } } })).toThrow(
      'broken: its body or answer has no name in NAMED_SCHEMAS',
    );
  });
});
