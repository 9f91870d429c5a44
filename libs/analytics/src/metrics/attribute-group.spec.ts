import { ORG_ID } from '../testing/sample-org.js';
import { eachTestAnalytics } from '../testing/test-analytics.js';
import { layerMetrics, orgMetrics } from './group-metrics.js';
import { projectInto } from './testing/project-into.js';
import { BEFORE_MOVES, departmentsOrg, T } from './testing/scenarios.js';
import { metricTrend, weekEnds } from './trend.js';

const about = (value: number) => expect.closeTo(value, 12);
const SALES = { key: 'department', value: 'Sales' };

describe('group metrics by attribute', () => {
  const analytics = eachTestAnalytics();
  beforeEach(() => projectInto(analytics.client, departmentsOrg()));

  it('pools over exactly the people with the value at T (Sales: M, A, A1, B1), computed by hand', async () => {
    // Managers in Sales: M (D = A, B; S = A1, A2, A3, B1 and the rejoined Z) and A (D = A1, A2, A3). B is in Ops, A1 and B1 manage nobody.
    expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 4, attribute: SALES })).toEqual({
      suppressed: false,
      managers: 2,
      headcount: 4,
      avgSpanOfControl: 2.5, // (2 + 3) / 2
      oneOnOneCoverage: 0.4, // (0 + 2) / (2 + 3)
      feedbackCoverage: 0.2, // (0 + 1) / 5
      skipLevelCoverage: 0.4, // M's A1 and B1 of 5; S(A) is empty
      upwardFeedbackShare: 0.5, // A, not M
      delegationRate: 0.5, // A's 1 of 2 outcomes; M framed none
      reclaimRate: 0.5, // A's 1 of 2 plans
      coCreatedShare: 0.5,
      unilateralShare: 0.75, // A's 2 of 3 + M's 1 of 1
      decisionConcentration: 0.44, // A 3, M 1, A1 1 of 5: (9 + 1 + 1) / 25
      layers: 3, // M 1, A 2, A1 and B1 3
    });
  });

  it('follows the attributes as they were at an earlier T (Sales: M, A1, A2 and Z before Z left)', async () => {
    expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: BEFORE_MOVES, minGroupSize: 1, attribute: SALES })).toMatchObject({
      managers: 1,
      headcount: 4,
      avgSpanOfControl: 2, // M's directs then: A and B
      layers: 3,
    });
  });

  it('suppresses a group below the minimum group size, and a value nobody has', async () => {
    const hidden = await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T, attribute: SALES });
    expect(hidden).toMatchObject({
      suppressed: true,
      headcount: null,
      managers: null,
      oneOnOneCoverage: null,
      decisionConcentration: null,
    });
    const nobody = await orgMetrics(analytics.client, {
      orgId: ORG_ID,
      asOf: T,
      minGroupSize: 1,
      attribute: { key: 'department', value: 'Legal' },
    });
    expect(nobody).toMatchObject({ suppressed: true, headcount: null });
  });

  it('pools each layer over its managers with the value, with their direct reports in the headcount', async () => {
    const layers = await layerMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 1, attribute: SALES });
    expect(layers.map(({ layer, managers, headcount }) => ({ layer, managers, headcount }))).toEqual([
      { layer: 1, managers: 1, headcount: 3 }, // M, A, B
      { layer: 2, managers: 1, headcount: 4 }, // A, A1, A2, A3; B is in Ops
    ]);
    expect(layers[1]).toMatchObject({ oneOnOneCoverage: about(2 / 3), feedbackCoverage: about(1 / 3) });
    expect(
      (await layerMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 4, attribute: SALES })).map(
        (layer) => layer.suppressed,
      ),
    ).toEqual([true, false]);
  });

  it('gives at each week end of a trend what the org metrics of the group give then', async () => {
    const from = '2026-02-09T00:00:00Z';
    const trend = await metricTrend(analytics.client, {
      orgId: ORG_ID,
      metric: 'headcount',
      group: { kind: 'attribute', ...SALES },
      from,
      to: T,
      step: 'week',
      minGroupSize: 1,
    });
    const expected = await Promise.all(
      weekEnds(from, T).map(async (asOf) => ({
        asOf,
        value: (await orgMetrics(analytics.client, { orgId: ORG_ID, asOf, minGroupSize: 1, attribute: SALES })).headcount,
        suppressed: false,
      })),
    );
    expect(trend).toEqual(expected);
    // 4 (M, A1, A2, Z); from 1 March Z left and A came: still 4; B1 from 1 April: 5; A3 from 10 to 25 May: 6;
    // A2 out on 20 May: 5; A3 out on 25 May: 4.
    const values = trend.map((point) => point.value);
    expect(values.filter((value, index) => index === 0 || value !== values[index - 1])).toEqual([4, 5, 6, 5, 4]);
  });
});
