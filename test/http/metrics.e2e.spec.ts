import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import {
  LayerMetricsResponse,
  ManagerListResponse,
  ManagerMetricsResponse,
  OrgMetricsResponse,
  TrendResponse,
  UnitMetricsResponse,
} from '../../apps/api/src/metrics/metrics.schemas.js';
import { envelope } from '../support/envelopes.js';
import { HAND_COMPUTED_ORG } from '../support/hand-computed-org.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'metrics-e2e';
const T = '2026-06-30T12:00:00.000Z';
const events = HAND_COMPUTED_ORG.map((event) => envelope(event, ORG));

describe('GET /v1/orgs/{orgId}/metrics/* over a hand-computed org', () => {
  let api: TestApp;
  const metrics = (path: string) => getJson(`${api.url}/v1/orgs/${ORG}/metrics/${path}${path.includes('?') ? '&' : '?'}asOf=${T}`);

  beforeAll(async () => {
    api = await startTestApp();
    const { body } = await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      events.map((event) => JSON.stringify(event)),
    );
    expect(body).toMatchObject({ accepted: events.length, rejected: 0 });
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
  });
  afterAll(() => api.close());

  it('org-wide: pooled coverage, upward feedback share, decision concentration, layers', async () => {
    const { status, body } = await metrics('org');
    expect(status).toBe(200);
    expect(OrgMetricsResponse.strict().parse(body)).toEqual(body);
    expect(body).toMatchObject({
      orgId: ORG,
      asOf: T,
      windowDays: null,
      minGroupSize: 5,
      suppressed: false,
      managers: 3,
      headcount: 8,
      layers: 3,
      avgSpanOfControl: 7 / 3, // spans 2, 4, 1
      upwardFeedbackShare: 1 / 3, // only VP1 heard from a direct
      decisionConcentration: 0.5, // CEO and VP1 one decision each: ½² + ½²
      unilateralShare: 0.5, // CEO's alone, VP1's with an approver
    });
    expect(body.oneOnOneCoverage).toBeCloseTo(3 / 7, 10); // CEO 1 of 2, VP1 2 of 4, VP2 0 of 1
    expect(body.feedbackCoverage).toBeCloseTo(1 / 7, 10);
    expect(body.skipLevelCoverage).toBeCloseTo(1 / 5, 10); // CEO met A1 of S(CEO) = A1..A4, B1
  });

  it('one manager: every per-manager metric the scenario touches', async () => {
    const { status, body } = await metrics('managers/VP1');
    expect(status).toBe(200);
    expect(ManagerMetricsResponse.strict().parse(body)).toEqual(body);
    expect(body).toMatchObject({
      personId: 'VP1',
      layer: 2,
      spanOfControl: 4,
      oneOnOneCoverage: 0.5, // A1 and A2 of four
      checkInsPerReportPerWeek: 3 / 4 / 4, // 3 check-ins ÷ 4 reports ÷ (28 / 7)
      feedbackCoverage: 0.25,
      upwardFeedbackReceived: 2,
      upwardFeedbackSolicitedShare: 0.5,
      skipLevelCoverage: null, // no skip-level reports
      peopleDecisions: 1,
      unilateralShare: 0,
      medianApprovalHours: null,
      openApprovals: 0,
    });
  });

  it('layers: suppressed below the threshold, pooled above it', async () => {
    const { body } = await metrics('layers');
    expect(LayerMetricsResponse.strict().parse(body)).toEqual(body);
    expect(body.layers.map((layer: { layer: number; suppressed: boolean }) => [layer.layer, layer.suppressed])).toEqual([
      [1, true], // CEO and two directs: 3 people
      [2, false], // VP1, VP2 and their five directs: 7 people
    ]);
    expect(body.layers[0].headcount).toBeNull();
    expect(body.layers[1]).toMatchObject({ managers: 2, headcount: 7, oneOnOneCoverage: 0.4 }); // 2 of 5 directs
  });

  it('units: shown at exactly the threshold, suppressed below it, 404 for someone not there', async () => {
    const vp1 = await metrics('units/VP1');
    expect(UnitMetricsResponse.strict().parse(vp1.body)).toEqual(vp1.body);
    expect(vp1.body).toMatchObject({ unitId: 'VP1', suppressed: false, headcount: 5, managers: 1, layers: 2, oneOnOneCoverage: 0.5 });
    const vp2 = await metrics('units/VP2');
    expect(vp2.body).toMatchObject({ unitId: 'VP2', suppressed: true, headcount: null, oneOnOneCoverage: null });
    expect((await metrics('units/NOBODY')).status).toBe(404);
  });

  it('managers: every manager, sortable by any metric with nulls last, paged', async () => {
    const byCoverage = await metrics('managers?sort=oneOnOneCoverage&order=desc');
    expect(ManagerListResponse.strict().parse(byCoverage.body)).toEqual(byCoverage.body);
    expect(byCoverage.body.total).toBe(3);
    expect(byCoverage.body.managers.map((m: { personId: string }) => m.personId)).toEqual(['CEO', 'VP1', 'VP2']);
    const bySkipLevel = await metrics('managers?sort=skipLevelCoverage&order=asc');
    expect(
      bySkipLevel.body.managers.map((m: { personId: string; skipLevelCoverage: number | null }) => [m.personId, m.skipLevelCoverage]),
    ).toEqual([
      ['CEO', 0.2],
      ['VP1', null],
      ['VP2', null],
    ]);
    const page = await metrics('managers?sort=spanOfControl&order=desc&limit=1&offset=1');
    expect(page.body.managers.map((m: { personId: string }) => m.personId)).toEqual(['CEO']);
  });

  it('managers of one unit: its head and the managers below it, ranked and counted alone', async () => {
    const ids = (body: { managers: { personId: string }[] }) => body.managers.map((m) => m.personId);
    const all = await metrics('managers?unit=CEO&sort=personId');
    expect(all.body).toMatchObject({ total: 3 });
    expect(ids(all.body)).toEqual(['CEO', 'VP1', 'VP2']);
    const vp1 = await metrics('managers?unit=VP1&sort=oneOnOneCoverage&order=desc&limit=1');
    expect(vp1.body).toMatchObject({ total: 1, limit: 1 });
    expect(ids(vp1.body)).toEqual(['VP1']);
    expect((await metrics('managers?unit=A1')).body).toMatchObject({ total: 0, managers: [] });
  });

  it('answers as of the past: before the check-ins, coverage was zero', async () => {
    const { body } = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/managers/VP1?asOf=2026-06-01T00:00:00Z`);
    expect(body).toMatchObject({ asOf: '2026-06-01T00:00:00.000Z', oneOnOneCoverage: 0, upwardFeedbackReceived: 2 });
  });

  it('honours windowDays for every windowed metric', async () => {
    const { body } = await metrics('managers/VP1?windowDays=15');
    expect(body).toMatchObject({ windowDays: 15, oneOnOneCoverage: 0.25, upwardFeedbackReceived: 0 }); // only A1 on 20 June
  });

  it('trend: a point a week back from `to`, each the group metric as of then', async () => {
    const { status, body } = await getJson(
      `${api.url}/v1/orgs/${ORG}/metrics/trend?metric=oneOnOneCoverage&group=org&from=2026-06-01T00:00:00Z&to=${T}`,
    );
    expect(status).toBe(200);
    expect(TrendResponse.strict().parse(body)).toEqual(body);
    expect(body).toMatchObject({ orgId: ORG, metric: 'oneOnOneCoverage', group: 'org', step: 'week', minGroupSize: 5 });
    expect(body.points.map((point: { asOf: string }) => point.asOf)).toEqual([
      '2026-06-02T12:00:00.000Z',
      '2026-06-09T12:00:00.000Z',
      '2026-06-16T12:00:00.000Z',
      '2026-06-23T12:00:00.000Z',
      T,
    ]);
    // No 1:1 in the 30 days before 2 or 9 June; from 16 June on, CEO 1 of 2, VP1 2 of 4, VP2 0 of 1.
    const values = body.points.map((point: { value: number }) => point.value);
    expect(values.slice(0, 2)).toEqual([0, 0]);
    for (const value of values.slice(2) as number[]) expect(value).toBeCloseTo(3 / 7, 10);
    const small = await getJson(
      `${api.url}/v1/orgs/${ORG}/metrics/trend?metric=headcount&group=unit:VP2&from=2026-06-20T00:00:00Z&to=${T}`,
    );
    expect(small.body.points.every((point: { value: null; suppressed: boolean }) => point.value === null && point.suppressed)).toBe(true);
    const layer = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/trend?metric=managers&group=layer:2&from=2026-06-20T00:00:00Z&to=${T}`);
    expect(layer.body.points.map((point: { value: number }) => point.value)).toEqual([2, 2]);
  });

  it('trend: answers 400 naming a bad group, metric or range', async () => {
    const trend = (query: string) => getJson(`${api.url}/v1/orgs/${ORG}/metrics/trend?${query}`);
    expect((await trend('metric=oneOnOneCoverage&group=team:1&from=2026-06-01')).body.issues[0].path).toBe('query.group');
    expect((await trend('metric=charisma&group=org&from=2026-06-01')).body.issues[0].path).toBe('query.metric');
    const backwards = await trend(`metric=headcount&group=org&from=2026-07-01&to=2026-06-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.issues[0]).toMatchObject({ path: 'query.from', message: 'from must not be after to' });
  });

  it('answers 404 for an unknown org or a non-manager, and 400 naming a bad parameter', async () => {
    expect((await getJson(`${api.url}/v1/orgs/nobody/metrics/org`)).status).toBe(404);
    const ic = await metrics('managers/A1');
    expect(ic.status).toBe(404);
    expect(ic.body.message).toMatch(/A1 is not a manager/);
    const bad = await metrics('org?windowDays=-3');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('query.windowDays');
    const badSort = await metrics('managers?sort=charisma');
    expect(badSort.status).toBe(400);
    expect(badSort.body.issues[0].path).toBe('query.sort');
  });
});
