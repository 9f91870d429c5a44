import { personJoined, personLeft, reportingLineChanged } from '../../libs/domain/src/testing/builders.js';
import { envelope } from '../support/envelopes.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'chart-e2e';

describe('GET org-chart and people as of an instant', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    const history = [
      personJoined('CEO', null, '2026-01-01T00:00:00Z', { name: 'Ada Top', title: 'CEO' }),
      personJoined('VP1', 'CEO', '2026-01-01T00:00:00Z'),
      personJoined('VP2', 'CEO', '2026-01-01T00:00:00Z'),
      personJoined('M1', 'VP1', '2026-01-01T00:00:00Z'),
      personJoined('IC1', 'M1', '2026-01-01T00:00:00Z'),
      // A reorg on 1 March: M1's team moves under VP2; VP1 leaves on 1 April.
      reportingLineChanged('M1', 'VP2', '2026-03-01T00:00:00Z'),
      personLeft('VP1', '2026-04-01T00:00:00Z'),
    ];
    const { body } = await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      history.map((event) => JSON.stringify(envelope(event, ORG))),
    );
    expect(body).toMatchObject({ accepted: history.length, rejected: 0 });
  });
  afterAll(() => api.close());

  const chart = (query: string) => getJson(`${api.url}/v1/orgs/${ORG}/org-chart?${query}`);

  it('shows the structure as it stood before the reorg', async () => {
    const { status, body } = await chart('asOf=2026-02-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toMatchObject({ orgId: ORG, asOf: '2026-02-01T00:00:00.000Z', headcount: 5, layers: 4, total: 5 });
    expect(body.people).toEqual([
      { personId: 'CEO', managerId: null, layer: 1, directs: ['VP1', 'VP2'], name: 'Ada Top', title: 'CEO' },
      { personId: 'VP1', managerId: 'CEO', layer: 2, directs: ['M1'] },
      { personId: 'VP2', managerId: 'CEO', layer: 2, directs: [] },
      { personId: 'M1', managerId: 'VP1', layer: 3, directs: ['IC1'] },
      { personId: 'IC1', managerId: 'M1', layer: 4, directs: [] },
    ]);
  });

  it('shows the structure after the reorg and the leaver', async () => {
    const { body } = await chart('asOf=2026-05-01');
    expect(body.asOf).toBe('2026-05-01T23:59:59.999Z');
    expect(body.headcount).toBe(4);
    expect(body.people.map((p: { personId: string; managerId: string | null }) => [p.personId, p.managerId])).toEqual([
      ['CEO', null],
      ['VP2', 'CEO'],
      ['M1', 'VP2'],
      ['IC1', 'M1'],
    ]);
  });

  it('pages through the chart', async () => {
    const first = await chart('asOf=2026-02-01T00:00:00Z&limit=2');
    const second = await chart('asOf=2026-02-01T00:00:00Z&limit=2&offset=2');
    expect(first.body.people.map((p: { personId: string }) => p.personId)).toEqual(['CEO', 'VP1']);
    expect(second.body.people.map((p: { personId: string }) => p.personId)).toEqual(['VP2', 'M1']);
    expect(second.body.total).toBe(5);
  });

  it('answers 400 naming the query field for a bad asOf or limit', async () => {
    const badAsOf = await chart('asOf=yesterday');
    expect(badAsOf.status).toBe(400);
    expect(badAsOf.body.issues[0].path).toBe('query.asOf');
    const badLimit = await chart('limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.issues[0].path).toBe('query.limit');
  });

  it('shows a person with manager, directs, layer and chain as of an instant', async () => {
    const before = await getJson(`${api.url}/v1/orgs/${ORG}/people/IC1?asOf=2026-02-01T00:00:00Z`);
    expect(before.body).toEqual({
      personId: 'IC1',
      asOf: '2026-02-01T00:00:00.000Z',
      managerId: 'M1',
      layer: 4,
      directs: [],
      managementChain: ['M1', 'VP1', 'CEO'],
    });
    const after = await getJson(`${api.url}/v1/orgs/${ORG}/people/IC1?asOf=2026-03-15T00:00:00Z`);
    expect(after.body.managementChain).toEqual(['M1', 'VP2', 'CEO']);
  });

  it('answers 404 for a person not active at asOf', async () => {
    const gone = await getJson(`${api.url}/v1/orgs/${ORG}/people/VP1?asOf=2026-04-02T00:00:00Z`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toMatch(/VP1 is not active/);
    expect((await getJson(`${api.url}/v1/orgs/${ORG}/people/VP1?asOf=2026-03-31T00:00:00Z`)).status).toBe(200);
  });
});
