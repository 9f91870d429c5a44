import { personJoined, reportingLineChanged } from '../../../libs/domain/src/testing/builders.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'past-chart';

describe("a manager's past org chart", () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    const events = [
      personJoined('CEO', null, '2026-01-05T09:00:00Z'),
      personJoined('M', 'CEO', '2026-01-05T09:00:00Z'),
      personJoined('A', 'M', '2026-01-05T09:00:00Z'),
      personJoined('X', 'A', '2026-01-05T09:00:00Z'),
      // X leaves M's subtree: M may not see X any more, not even in the past.
      reportingLineChanged('X', 'CEO', '2026-03-02T09:00:00Z'),
    ];
    expect(
      (
        await postNdjson(
          `${api.url}/v1/orgs/${ORG}/events/import`,
          events.map((event) => JSON.stringify(envelope(event, ORG))),
        )
      ).body.accepted,
    ).toBe(events.length);
  });
  afterAll(() => api.close());

  it('lists only people the manager may see, in the people and in their directs', async () => {
    const key = await createKey(api.url, ORG, 'manager', 'M');
    const { status, body } = await call(api.url, 'GET', `/v1/orgs/${ORG}/org-chart?asOf=2026-02-01`, key);
    expect(status).toBe(200);
    const people = body.people as { personId: string; managerId: string | null; directs: string[] }[];
    expect(people.map((person) => person.personId).sort()).toEqual(['A', 'M']);
    expect(people.find((person) => person.personId === 'A')!.directs).toEqual([]);
    expect(JSON.stringify(body)).not.toContain('"X"');
    // An admin's view of the same instant still has X under A: the filter is the manager's scope, not the history.
    const full = await call(api.url, 'GET', `/v1/orgs/${ORG}/org-chart?asOf=2026-02-01`, await createKey(api.url, ORG, 'admin'));
    expect(full.body.people.find((person: { personId: string }) => person.personId === 'A').directs).toEqual(['X']);
  });
});
