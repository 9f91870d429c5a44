import { createConfig, lintFromString } from '@redocly/openapi-core';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { API_ROUTES } from '../../../apps/api/src/routes/api-routes.js';
import type { RouteDeclaration } from '../../../apps/api/src/routes/route.js';
import { getJson, startTestApp, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const METHODS = ['get', 'post', 'put', 'delete'] as const;

type Operation = {
  operationId?: string;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: unknown[];
};
type Document = { servers?: { url: string }[]; paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ route: `${method.toUpperCase()} ${path}`, operation: item[method]! }] : [])),
  );

/** Redocly's recommended rules, offline. The alert lifecycle's event schemas are kept though no operation takes one (webhooks and SQL carry them). */
async function lint(document: object) {
  const config = await createConfig({ extends: ['recommended'], rules: { 'no-unused-components': 'off' } });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: '/openapi.json', config });
  return problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? '?'}`);
}

/** A client author's steps: generate the types with openapi-typescript's CLI, then type-check a program against them with tsc. */
async function typeCheck(dir: string, program: string): Promise<string> {
  writeFileSync(join(dir, 'program.ts'), program);
  try {
    await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

const CLIENT_PROGRAM = `
import createClient from 'openapi-fetch';
import type { components, paths } from './orghealth.js';

// The metrics lists and SQL also answer CSV and Parquet files: this program reads their JSON.
const client = createClient<paths, 'application/json'>({ baseUrl: 'http://127.0.0.1:3000', headers: { authorization: 'Bearer ohk_x' } });

export async function weekly(orgId: string): Promise<string> {
  const recorded = await client.POST('/v1/orgs/{orgId}/events', {
    params: { path: { orgId } },
    body: { eventId: '0b7e3c7a-4a52-4c8e-9d43-7f1b2f0f6a11', type: 'FeedbackGiven', orgId, occurredAt: '2026-03-02T09:30:00Z', schemaVersion: 1,
      data: { feedbackId: 'f-1', giverId: 'M1', receiverId: 'R1', kind: 'praise', solicited: false } },
  });
  if (recorded.error) return \`\${recorded.error.statusCode} \${recorded.error.error}: \${recorded.error.message}\`;
  const position: number = recorded.data.position;
  const org = await client.GET('/v1/orgs/{orgId}/metrics/org', { params: { path: { orgId }, query: { asOf: '2026-03-01', windowDays: 30 } } });
  if (org.error) return org.error.message;
  const managers = await client.GET('/v1/orgs/{orgId}/metrics/managers', { params: { path: { orgId }, query: { sort: 'spanOfControl', order: 'desc', limit: 10 } } });
  const names: string[] = (managers.data?.managers ?? []).map((manager) => manager.personId);
  const alerts = await client.GET('/v1/orgs/{orgId}/alerts', { params: { path: { orgId }, query: { status: 'open' } } });
  const rules: components['schemas']['AlertList']['alerts'][number]['rule'][] = (alerts.data?.alerts ?? []).map((alert) => alert.rule);
  const ack = await client.POST('/v1/orgs/{orgId}/alerts/{alertId}/acknowledge', { params: { path: { orgId, alertId: '5c1d8a30-2f7e-4d0b-8a8e-2b6f3c9d1e77' } }, body: { by: 'M1' } });
  const refused: components['schemas']['Error'] | undefined = ack.error;
  const sql = await client.POST('/v1/sql', { body: { sql: 'SELECT 1' } });
  return [position, JSON.stringify(org.data), names.join(), rules.join(), refused?.message, sql.data?.rowCount].join(' ');
}
`;

describe('the OpenAPI document at /docs/json: linted, and a client generated from it type-checks', () => {
  let api: TestApp;
  let document: Document;
  let dir: string;

  beforeAll(async () => {
    api = await startTestApp();
    const answer = await getJson(`${api.url}/docs/json`);
    expect(answer.status).toBe(200);
    document = answer.body;
    mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
    // Inside the repository, so that the program finds openapi-fetch in node_modules as a client's project would.
    dir = mkdtempSync(join(ROOT, 'node_modules/.cache/openapi-client-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: true,
        },
        files: ['program.ts'],
      }),
    );
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    // A body field with a default is optional to send: without the flag, openapi-typescript would make it required.
    await run(
      join(ROOT, 'node_modules/.bin/openapi-typescript'),
      ['openapi.json', '-o', 'orghealth.ts', '--default-non-nullable', 'false'],
      { cwd: dir },
    );
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
  });

  it('passes the linter with no problem, and the linter does find broken operations', async () => {
    expect(await lint(document)).toEqual([]);
    const broken = structuredClone(document);
    const events = broken.paths['/v1/orgs/{orgId}/events']!.post!;
    delete events.operationId;
    events.requestBody!.content['application/json']!.example = { type: 'CheckInHeld' };
    const problems = await lint(broken);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/operation-operationId/), expect.stringMatching(/no-invalid-media-type-examples/)]),
    );
  });

  it('names a server and gives every operation a unique operationId, the one its route is declared under', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const ids = operations(document).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = Object.entries(API_ROUTES as Record<string, RouteDeclaration>).map(
      ([id, route]) => `${id} ${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`,
    );
    expect(
      operations(document)
        .map(({ route, operation }) => `${operation.operationId} ${route}`)
        .sort(),
    ).toEqual(declared.sort());
  });

  it('documents 401, 403 and 429 with the error body wherever they can happen, and every 4xx with it', () => {
    for (const { route, operation } of operations(document)) {
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      const expected = ['429', ...(isPublic ? [] : ['401', '403']), ...(!route.startsWith('GET') ? ['403'] : [])];
      for (const status of expected)
        expect([route, status, operation.responses[status]?.content?.['application/json']?.schema]).toEqual([
          route,
          status,
          { $ref: '#/components/schemas/Error' },
        ]);
      for (const [status, response] of Object.entries(operation.responses).filter(([status]) => status.startsWith('4'))) {
        expect([route, status, response.content?.['application/json']?.schema]).toEqual([
          route,
          status,
          { $ref: '#/components/schemas/Error' },
        ]);
      }
    }
  });

  it('gives every request body an example, and each JSON example is accepted by the schema the route validates with', () => {
    for (const { route, operation } of operations(document)) {
      for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {}))
        expect([route, mediaType, content.example]).toEqual([route, mediaType, expect.anything()]);
    }
    for (const [id, route] of Object.entries(API_ROUTES as Record<string, RouteDeclaration>)) {
      if (route.body && 'json' in route.body)
        expect([id, route.body.json.safeParse(route.body.example).error?.issues]).toEqual([id, undefined]);
    }
  });

  it('generates a typed client that type-checks a program using it', async () => {
    expect(await typeCheck(dir, CLIENT_PROGRAM)).toBe('');
  }, 180_000);

  it('makes the same program fail to type-check when it calls a path, a parameter, a body or a field the API does not have', async () => {
    const wrong = CLIENT_PROGRAM.replace("'/v1/orgs/{orgId}/metrics/org'", "'/v1/orgs/{orgId}/metrics/everything'")
      .replace("sort: 'spanOfControl'", "sort: 'height'")
      .replace('recorded.data.position', 'recorded.data.offset')
      .replace("kind: 'praise'", "kind: 'applause'");
    const errors = await typeCheck(dir, wrong);
    for (const mistake of [/metrics\/everything/, /"height"/, /'offset'/, /"applause"/])
      expect([mistake, errors]).toEqual([mistake, expect.stringMatching(mistake)]);
  }, 180_000);
});
