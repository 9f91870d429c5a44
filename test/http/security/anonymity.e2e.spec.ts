import { projected } from '../../support/analytics-snapshot.js';
import { demoLines } from '../../support/demo-lines.js';
import { call, createKey } from '../../support/security.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'anon-org';
const MIN = 5;
const AS_OF = '2026-10-31T00:00:00Z';

interface ChartPerson {
  personId: string;
  managerId: string | null;
  layer: number;
  directs: string[];
}

describe('anonymity threshold and differencing guard, server-side, over a generated org', () => {
  let api: TestApp;
  let chart: ChartPerson[];
  let executive: string;
  const size = new Map<string, number>();
  /** Whether each unit's metrics showed to the executive, filled by the first test. */
  const visible = new Map<string, boolean>();

  beforeAll(async () => {
    api = await startTestApp({ ORGHEALTH_MIN_GROUP_SIZE: String(MIN) });
    const { lines } = demoLines({ orgId: ORG, totalEvents: 12_000, seed: 7 });
    expect((await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, lines)).body.rejected).toBe(0);
    await projected(api.url);
    chart = (await getJson(`${api.url}/v1/orgs/${ORG}/org-chart?limit=5000&asOf=${AS_OF}`)).body.people;
    for (const person of [...chart].reverse())
      size.set(person.personId, 1 + person.directs.reduce((sum, direct) => sum + size.get(direct)!, 0));
    // The top of the org as an executive: every unit is in their subtree, the differencing guard applies.
    executive = await createKey(api.url, ORG, 'executive', chart.find((person) => person.layer === 1)!.personId);
  });
  afterAll(() => api.close());

  const get = async (path: string) =>
    (await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics${path}${path.includes('?') ? '&' : '?'}asOf=${AS_OF}`, executive)).body;

  it('suppresses every small unit, and leaves under each visible unit hidden sub-units of no one or at least the threshold', async () => {
    for (const { personId } of chart) {
      const unit = await get(`/units/${personId}`);
      visible.set(personId, !unit.suppressed);
      if (unit.suppressed) expect(unit).toMatchObject({ headcount: null, managers: null, oneOnOneCoverage: null });
      else expect([personId, unit.headcount]).toEqual([personId, size.get(personId)]);
      if (size.get(personId)! < MIN) expect([personId, unit.suppressed]).toEqual([personId, true]);
    }
    let complementary = 0;
    for (const { personId, directs } of chart) {
      if (!visible.get(personId) || !directs.some((direct) => visible.get(direct))) continue;
      const hidden = directs.filter((direct) => !visible.get(direct));
      complementary += hidden.filter((direct) => size.get(direct)! >= MIN).length;
      const hiddenPeople = hidden.reduce((sum, direct) => sum + size.get(direct)!, 0);
      expect([personId, hiddenPeople === 0 || hiddenPeople >= MIN]).toEqual([personId, true]);
    }
    // The generated org has units big enough on their own that the guard had to hide: the check above is not vacuous.
    expect(complementary).toBeGreaterThan(0);
  });

  it('suppresses layers the same way, and the operator (an admin) still sees the threshold alone', async () => {
    const layers = (await get('/layers')).layers as { layer: number; suppressed: boolean; headcount: number | null }[];
    const layerSize = new Map<number, number>();
    for (const { layer, directs } of chart) if (directs.length > 0) layerSize.set(layer, (layerSize.get(layer) ?? 0) + 1 + directs.length);
    const hidden = layers.filter((layer) => layer.suppressed);
    for (const layer of layers) if (layerSize.get(layer.layer)! < MIN) expect(layer.suppressed).toBe(true);
    const hiddenPeople = hidden.reduce((sum, layer) => sum + layerSize.get(layer.layer)!, 0);
    if (hidden.length < layers.length) expect(hiddenPeople === 0 || hiddenPeople >= MIN).toBe(true);
    const asAdmin = (await getJson(`${api.url}/v1/orgs/${ORG}/metrics/layers?asOf=${AS_OF}`)).body.layers as {
      layer: number;
      suppressed: boolean;
    }[];
    expect(asAdmin.map((layer) => layer.suppressed)).toEqual(asAdmin.map((layer) => layerSize.get(layer.layer)! < MIN));
  });

  it('suppresses the trend series of a unit the guard hides, and of a small unit, at every point', async () => {
    const hiddenBig = chart.find(({ personId }) => visible.get(personId) === false && size.get(personId)! >= MIN)!.personId;
    const small = chart.find(({ personId }) => size.get(personId)! < MIN)!.personId;
    for (const unitId of [hiddenBig, small]) {
      const trend = (
        await call(
          api.url,
          'GET',
          `/v1/orgs/${ORG}/metrics/trend?metric=headcount&group=unit:${unitId}&from=2026-10-01&to=${AS_OF}`,
          executive,
        )
      ).body;
      expect(trend.points.length).toBeGreaterThan(3);
      expect(trend.points.every((point: { value: number | null; suppressed: boolean }) => point.value === null && point.suppressed)).toBe(
        true,
      );
    }
  });

  it("takes the org's own threshold, set by its admin and never below 3, for every group metric", async () => {
    const admin = await createKey(api.url, ORG, 'admin');
    expect((await call(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, admin, { minGroupSize: 2 })).status).toBe(400);
    expect((await call(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, executive, { minGroupSize: 20 })).status).toBe(403);
    expect((await call(api.url, 'PUT', `/v1/orgs/${ORG}/settings`, admin, { minGroupSize: 20 })).body).toEqual({ minGroupSize: 20 });
    const midSized = chart.find(({ personId }) => size.get(personId)! >= MIN && size.get(personId)! < 20)!.personId;
    const unit = (await getJson(`${api.url}/v1/orgs/${ORG}/metrics/units/${midSized}?asOf=${AS_OF}`)).body;
    expect(unit).toMatchObject({ minGroupSize: 20, suppressed: true, headcount: null });
    expect((await getJson(`${api.url}/v1/orgs/${ORG}/metrics/org?asOf=${AS_OF}`)).body.minGroupSize).toBe(20);
    expect((await getJson(`${api.url}/v1/orgs/other/settings`)).body).toEqual({ minGroupSize: MIN });
  });
});
