import { checkInHeld, decisionMade, feedbackGiven, personJoined, personUpdated } from '../../libs/domain/src/testing/builders.js';
import { AttributesResponse } from '../../apps/api/src/attributes/attributes.schemas.js';
import { LayerMetricsResponse, OrgMetricsResponse, TrendResponse } from '../../apps/api/src/metrics/metrics.schemas.js';
import { projected } from '../support/analytics-snapshot.js';
import { envelope } from '../support/envelopes.js';
import { call, createKey } from '../support/security.js';
import { getJson, postJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'attributes-e2e';
const T = '2026-06-30T12:00:00.000Z';
const JOINED = '2026-01-01T00:00:00Z';

const paris = { location: 'Paris' };
const lyon = { location: 'Lyon' };

/**
 * CEO ── VP1 ── A1, A2, A3, A4
 *    └── VP2 ── B1, B2, B3
 * At T, department Sales is VP1, A1, A2, A3 and B3 (5 people): A4 moved to Eng on 15 May, B3 to Sales on
 * 15 April. Eng is VP2, B1, B2 and A4 (4), Exec the CEO (1). Location: Paris 7 (A4 got it in May), Lyon 2, none 1 (B3's was removed).
 */
const events = [
  personJoined('CEO', null, JOINED, { attributes: { department: 'Exec', ...paris } }),
  personJoined('VP1', 'CEO', JOINED, { email: 'vp1@acme.test', attributes: { department: 'Sales', ...paris } }),
  personJoined('VP2', 'CEO', JOINED, { attributes: { department: 'Eng', ...paris } }),
  ...['A1', 'A2', 'A3', 'A4'].map((id) =>
    personJoined(id, 'VP1', JOINED, { attributes: { department: 'Sales', ...(id === 'A4' ? {} : paris) } }),
  ),
  ...['B1', 'B2', 'B3'].map((id) => personJoined(id, 'VP2', JOINED, { attributes: { department: 'Eng', ...lyon } })),
  personUpdated('B3', '2026-04-15T09:00:00Z', { attributes: { department: 'Sales', location: null } }),
  personUpdated('A4', '2026-05-15T09:00:00Z', { attributes: { department: 'Eng', ...paris } }),
  checkInHeld({ leaderId: 'VP1', reportId: 'A1', at: '2026-06-10T10:00:00Z' }),
  checkInHeld({ leaderId: 'VP1', reportId: 'A2', at: '2026-06-12T10:00:00Z' }),
  checkInHeld({ leaderId: 'VP2', reportId: 'B1', at: '2026-06-12T10:00:00Z' }),
  feedbackGiven({ giverId: 'VP1', receiverId: 'A3', at: '2026-05-10T10:00:00Z' }),
  feedbackGiven({ giverId: 'A1', receiverId: 'VP1', solicited: true, at: '2026-05-11T10:00:00Z' }),
  decisionMade({ kind: 'pay_change', subjectId: 'A2', deciderId: 'VP1', approverIds: ['CEO'], at: '2026-04-02T10:00:00Z' }),
  decisionMade({ kind: 'promotion', subjectId: 'B1', deciderId: 'VP2', approverIds: [], at: '2026-04-03T10:00:00Z' }),
].map((event) => envelope(event, ORG));

describe('attributes: group=attribute:KEY=VALUE and GET /v1/orgs/{orgId}/attributes', () => {
  let api: TestApp;
  const get = (path: string, key?: string) => getJson(`${api.url}/v1/orgs/${ORG}/${path}${path.includes('?') ? '&' : '?'}asOf=${T}`, key);

  beforeAll(async () => {
    api = await startTestApp();
    const { body } = await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      events.map((event) => JSON.stringify(event)),
    );
    expect(body).toMatchObject({ accepted: events.length, rejected: 0 });
    await projected(api.url);
  });
  afterAll(() => api.close());

  it('computes the org metrics over exactly the people with the value at asOf (hand-computed)', async () => {
    const { status, body } = await get('metrics/org?group=attribute:department=Sales');
    expect(status).toBe(200);
    expect(OrgMetricsResponse.strict().parse(body)).toEqual(body);
    // Sales: VP1 (the one manager: D = A1..A4, A4 included as VP1's report), A1, A2, A3, B3.
    expect(body).toEqual({
      orgId: ORG,
      asOf: T,
      windowDays: null,
      minGroupSize: 5,
      suppressed: false,
      managers: 1,
      headcount: 5,
      avgSpanOfControl: 4,
      oneOnOneCoverage: 0.5, // A1, A2 of 4
      feedbackCoverage: 0.25, // A3 of 4
      skipLevelCoverage: null, // S(VP1) is empty
      upwardFeedbackShare: 1, // A1 to VP1
      delegationRate: null,
      reclaimRate: null,
      coCreatedShare: null,
      unilateralShare: 0, // VP1's one decision had an approver
      decisionConcentration: 1, // VP1 made the group's only decision; VP2's is outside it
      layers: 2, // VP1 on 2; A1..A3 and B3 on 3
    });
  });

  it('suppresses a group below the minimum group size (Eng: 4 people)', async () => {
    const { body } = await get('metrics/org?group=attribute:department=Eng');
    expect(body).toMatchObject({ suppressed: true, headcount: null, managers: null, oneOnOneCoverage: null });
  });

  it('slices the layers and the trend by the attribute', async () => {
    const { body } = await get('metrics/layers?group=attribute:department=Sales');
    expect(LayerMetricsResponse.strict().parse(body)).toEqual(body);
    // Layer 2: VP1 (Sales) with A1..A4 = 5 people; layer 1: the CEO is not in Sales.
    expect(body.layers).toEqual([
      expect.objectContaining({ layer: 2, suppressed: false, managers: 1, headcount: 5, oneOnOneCoverage: 0.5 }),
    ]);

    const trend = await get('metrics/trend?metric=headcount&group=attribute:department=Sales&from=2026-04-01');
    expect(TrendResponse.parse(trend.body)).toEqual(trend.body);
    expect(trend.body.group).toBe('attribute:department=Sales');
    const points = trend.body.points as { asOf: string; value: number | null }[];
    // 5 (VP1, A1..A4), 6 once B3 joined Sales on 15 April, 5 again once A4 left it on 15 May.
    expect(points.map((point) => point.value).filter((value, index, all) => index === 0 || value !== all[index - 1])).toEqual([5, 6, 5]);
    for (const point of [points[0]!, points.at(-1)!]) {
      const { body: then } = await getJson(`${api.url}/v1/orgs/${ORG}/metrics/org?group=attribute:department=Sales&asOf=${point.asOf}`);
      expect(then.headcount).toBe(point.value);
    }
  });

  it('lists the keys and values with head counts, suppressed below the threshold', async () => {
    const { status, body } = await get('attributes');
    expect(status).toBe(200);
    expect(AttributesResponse.strict().parse(body)).toEqual(body);
    expect(body).toEqual({
      orgId: ORG,
      asOf: T,
      minGroupSize: 5,
      attributes: [
        {
          key: 'department',
          values: [
            { value: 'Eng', headcount: null, suppressed: true },
            { value: 'Exec', headcount: null, suppressed: true },
            { value: 'Sales', headcount: 5, suppressed: false },
          ],
        },
        {
          key: 'location',
          values: [
            { value: 'Lyon', headcount: null, suppressed: true },
            { value: 'Paris', headcount: 7, suppressed: false },
          ],
        },
      ],
    });
    const before = (await getJson(`${api.url}/v1/orgs/${ORG}/attributes?asOf=2026-02-01`)).body;
    expect(before.attributes.find((attribute: { key: string }) => attribute.key === 'department').values).toContainEqual({
      value: 'Sales',
      headcount: 5,
      suppressed: false,
    });
  });

  it('hides from an executive a value whose siblings would give it away, as for units and layers', async () => {
    const executive = await createKey(api.url, ORG, 'executive', 'CEO');
    // Lyon (2) and the one person without a location hold 3 < 5: Paris (7) is hidden too, else 10 − 7 tells them.
    const paris = await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org?group=attribute:location=Paris&asOf=${T}`, executive);
    expect(paris.body).toMatchObject({ suppressed: true, headcount: null });
    expect((await get('metrics/org?group=attribute:location=Paris')).body).toMatchObject({ suppressed: false, headcount: 7 });
    const listed = await call(api.url, 'GET', `/v1/orgs/${ORG}/attributes?asOf=${T}`, executive);
    expect(listed.body.attributes[1].values).toEqual([
      { value: 'Lyon', headcount: null, suppressed: true },
      { value: 'Paris', headcount: null, suppressed: true },
    ]);
    // Sales (5) next to Eng (4) and Exec (1): the hidden ones hold 5, so Sales shows.
    const sales = await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/org?group=attribute:department=Sales&asOf=${T}`, executive);
    expect(sales.body).toMatchObject({ suppressed: false, headcount: 5 });
  });

  it('refuses a malformed group with 400 naming the parameter, and a manager the attribute trend with 403', async () => {
    for (const group of ['attribute:department', 'attribute:cost center=X', 'attribute:department=', 'department=Sales']) {
      const { status, body } = await get(`metrics/org?group=${encodeURIComponent(group)}`);
      expect({ group, status }).toEqual({ group, status: 400 });
      expect(body.issues.map((issue: { path: string }) => issue.path)).toContain('query.group');
    }
    const manager = await createKey(api.url, ORG, 'manager', 'VP1');
    const trend = await call(
      api.url,
      'GET',
      `/v1/orgs/${ORG}/metrics/trend?metric=headcount&group=attribute:department=Sales&from=2026-06-01`,
      manager,
    );
    expect(trend.status).toBe(403);
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/attributes`, manager)).status).toBe(403);
  });

  it('records a PersonUpdated through the API, and rejects one for a person who is not active', async () => {
    const update = await postJson(
      `${api.url}/v1/orgs/${ORG}/events`,
      envelope(personUpdated('A1', '2026-06-01T09:00:00Z', { attributes: { level: 'L4' } }), ORG),
    );
    expect(update.status).toBe(201);
    const nobody = await postJson(
      `${api.url}/v1/orgs/${ORG}/events`,
      envelope(personUpdated('Z9', '2026-06-01T09:00:00Z', { title: 'CTO' }), ORG),
    );
    expect(nobody.status).toBe(422);
    expect(JSON.stringify(nobody.body)).toContain('PERSON.NOT_ACTIVE');
  });
});
