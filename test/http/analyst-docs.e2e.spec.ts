import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { demoLines } from '../support/demo-lines.js';
import { getJson, postJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'analysts-e2e';
const AS_OF = '2026-10-31 00:00:00';
const docs = readFileSync(resolve('docs/analysts.md'), 'utf8');
const questions = [...docs.slice(docs.indexOf('## Ten questions')).matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('docs/analysts.md: the views and the ten questions run against a generated org', () => {
  let api: TestApp;
  const sql = async (statement: string) => {
    const { status, body } = await postJson(`${api.url}/v1/sql`, { sql: statement, params: { org: ORG, asOf: AS_OF } });
    expect({ status, message: body.message }).toEqual({ status: 200, message: undefined });
    return body as { columns: { name: string }[]; rows: unknown[][] };
  };

  beforeAll(async () => {
    api = await startTestApp();
    const { lines } = demoLines({ orgId: ORG, totalEvents: 20_000 });
    expect((await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, lines)).body.rejected).toBe(0);
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  });
  afterAll(() => api.close());

  it('documents ten questions', () => {
    expect(questions).toHaveLength(10);
  });

  it.each(questions.map((statement, i) => [i + 1, statement]))('question %i runs and answers something', async (_n, statement) => {
    const { rows } = await sql(statement as string);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('people_as_of and managers_as_of agree with the write side and the metrics', async () => {
    const chart = (await getJson(`${api.url}/v1/orgs/${ORG}/org-chart?asOf=2026-10-31T00:00:00Z&limit=5000`)).body;
    const people = await sql(
      "SELECT person_id, manager_id, layer FROM people_as_of(orgId = {org:String}, asOf = {asOf:DateTime64(3, 'UTC')}) ORDER BY person_id",
    );
    expect(people.rows).toEqual(
      [...chart.people]
        .sort((a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : 1))
        .map((person: { personId: string; managerId: string | null; layer: number }) => [person.personId, person.managerId, person.layer]),
    );
    const managers = await sql(
      "SELECT person_id, span_of_control FROM managers_as_of(orgId = {org:String}, asOf = {asOf:DateTime64(3, 'UTC')}) ORDER BY person_id",
    );
    const withDirects = chart.people.filter((person: { directs: string[] }) => person.directs.length > 0);
    expect(managers.rows).toEqual(
      withDirects
        .sort((a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : 1))
        .map((person: { personId: string; directs: string[] }) => [person.personId, person.directs.length]),
    );
  });
});
