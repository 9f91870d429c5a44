import { projected } from '../../support/analytics-snapshot.js';
import { demoLines } from '../../support/demo-lines.js';
import { call, createKey } from '../../support/security.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'gen-org';

interface ChartPerson {
  personId: string;
  managerId: string | null;
  layer: number;
  directs: string[];
}

/** Everyone at or below `root` in the full chart, computed here independently of the engine's scope. */
function subtreeOf(chart: ChartPerson[], root: string): Set<string> {
  const byId = new Map(chart.map((person) => [person.personId, person]));
  const members = new Set<string>();
  const walk = (id: string) => {
    members.add(id);
    for (const direct of byId.get(id)?.directs ?? []) walk(direct);
  };
  walk(root);
  return members;
}

describe("a manager's view never holds anyone outside their subtree (generated org, several managers, every endpoint)", () => {
  let api: TestApp;
  let chart: ChartPerson[];

  beforeAll(async () => {
    api = await startTestApp();
    const { lines } = demoLines({ orgId: ORG, totalEvents: 12_000 });
    expect((await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, lines)).body.rejected).toBe(0);
    await projected(api.url);
    chart = (await getJson(`${api.url}/v1/orgs/${ORG}/org-chart?limit=5000`)).body.people;
  });
  afterAll(() => api.close());

  /** The first and last manager of each layer below the top: small and large subtrees. */
  const someManagers = () => {
    const managers = chart.filter((person) => person.directs.length > 0 && person.layer > 1);
    const layers = [...new Set(managers.map((person) => person.layer))];
    return [
      ...new Set(
        layers.flatMap((layer) => [
          managers.find((person) => person.layer === layer)!,
          managers.findLast((person) => person.layer === layer)!,
        ]),
      ),
    ].map((person) => person.personId);
  };

  it('covers several managers at two layers or more', () => {
    expect(someManagers().length).toBeGreaterThanOrEqual(4);
    expect(new Set(someManagers().map((id) => chart.find((person) => person.personId === id)!.layer)).size).toBeGreaterThanOrEqual(2);
  });

  it.each([0, 1, 2, 3])('manager #%i sees only their subtree in the chart, people, unit, manager and trend endpoints', async (index) => {
    const managerId = someManagers()[index]!;
    const mine = subtreeOf(chart, managerId);
    const outsider = chart.find((person) => !mine.has(person.personId) && person.directs.length > 0)!.personId;
    const key = await createKey(api.url, ORG, 'manager', managerId);
    const get = async (path: string) => call(api.url, 'GET', `/v1/orgs/${ORG}${path}`, key);

    const view = (await get('/org-chart?limit=5000')).body;
    expect(new Set(view.people.map((person: ChartPerson) => person.personId))).toEqual(mine);
    for (const person of view.people as ChartPerson[]) {
      expect(person.managerId === null || mine.has(person.managerId)).toBe(true);
      expect(person.directs.every((direct) => mine.has(direct))).toBe(true);
    }
    for (const asOf of ['', '?asOf=2026-10-31']) {
      const managers = (await get(`/metrics/managers${asOf}${asOf ? '&' : '?'}limit=5000`)).body;
      expect(managers.managers.length).toBeGreaterThan(0);
      expect(managers.managers.every((metrics: { personId: string }) => mine.has(metrics.personId))).toBe(true);
      expect(managers.total).toBe(managers.managers.length);
    }
    const person = (await get(`/people/${managerId}`)).body;
    expect(
      [...person.managementChain, ...person.directs, person.managerId].filter((id) => id !== null).every((id: string) => mine.has(id)),
    ).toBe(true);
    expect((await get(`/metrics/units/${managerId}`)).status).toBe(200);
    expect((await get(`/metrics/managers/${managerId}`)).status).toBe(200);
    expect((await get(`/metrics/trend?metric=oneOnOneCoverage&group=unit:${managerId}&from=2026-09-01&to=2026-10-31`)).status).toBe(200);

    const hidden = [await get(`/people/${outsider}`), await get(`/metrics/units/${outsider}`), await get(`/metrics/managers/${outsider}`)];
    expect(hidden.map(({ status }) => status)).toEqual([404, 404, 404]);
    for (const { body } of hidden) expect(JSON.stringify(body)).not.toMatch(/"(layer|directs|spanOfControl)"/);
    const refused = [
      await get(`/metrics/trend?metric=oneOnOneCoverage&group=unit:${outsider}&from=2026-09-01&to=2026-10-31`),
      await get('/metrics/trend?metric=oneOnOneCoverage&group=org&from=2026-09-01&to=2026-10-31'),
      await get('/metrics/trend?metric=oneOnOneCoverage&group=layer:1&from=2026-09-01&to=2026-10-31'),
      await get('/metrics/org'),
      await get('/metrics/layers'),
    ];
    expect(refused.map(({ status }) => status)).toEqual([403, 403, 403, 403, 403]);
  });

  it('lets an executive see the group metrics, and the managers below them only', async () => {
    const executiveId = chart.find((person) => person.layer === 2 && person.directs.length > 0)!.personId;
    const mine = subtreeOf(chart, executiveId);
    const key = await createKey(api.url, ORG, 'executive', executiveId);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org`, key)).status).toBe(200);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/layers`, key)).status).toBe(200);
    const managers = (await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/managers?limit=5000`, key)).body.managers as {
      personId: string;
    }[];
    expect(managers.length).toBeGreaterThan(0);
    expect(managers.every(({ personId }) => mine.has(personId))).toBe(true);
    const outsider = chart.find((person) => !mine.has(person.personId) && person.directs.length > 0)!.personId;
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/managers/${outsider}`, key)).status).toBe(404);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/${outsider}`, key)).status).toBe(404);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/${executiveId}`, key)).status).toBe(200);
  });
});
