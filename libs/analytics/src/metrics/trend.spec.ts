import { ORG_ID } from '../testing/sample-org.js';
import { openTestAnalytics, type TestAnalytics } from '../testing/test-analytics.js';
import { LAYER_METRIC_NAMES, layerMetrics, orgMetrics, TREE_METRIC_NAMES, unitMetrics } from './group-metrics.js';
import { projectInto } from './testing/project-into.js';
import { practicesOrg, reorgOrg, T } from './testing/scenarios.js';
import { metricTrend, weekEnds } from './trend.js';

// Seven week ends up to T (1 June): from before anyone joined to after the reorg and the leaver.
const FROM = '2026-04-20T00:00:00Z';

describe('metric trends', () => {
  let analytics: TestAnalytics;

  beforeEach(async () => {
    analytics = await openTestAnalytics();
    await projectInto(analytics.client, reorgOrg());
  });

  afterEach(() => analytics.dispose());

  it('counts week ends back from `to`, oldest first, none before `from`', () => {
    expect(weekEnds('2026-05-11T00:00:00Z', T)).toEqual([
      '2026-05-11T00:00:00.000Z',
      '2026-05-18T00:00:00.000Z',
      '2026-05-25T00:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
    expect(weekEnds('2026-05-12T00:00:00Z', T)).toHaveLength(3);
    expect(weekEnds(T, T)).toEqual(['2026-06-01T00:00:00.000Z']);
    expect(() => weekEnds(T, FROM)).toThrow(RangeError);
  });

  it('gives at each week end what the org metrics give then, suppressed ones included', async () => {
    for (const [metric, minGroupSize] of [
      ['oneOnOneCoverage', 5],
      ['headcount', 6], // 6 people before Y1 left on 20 May, 5 after: suppressed from then on
      ['decisionConcentration', 1],
    ] as const) {
      const trend = await metricTrend(analytics.client, {
        orgId: ORG_ID,
        metric,
        group: { kind: 'org' },
        from: FROM,
        to: T,
        step: 'week',
        minGroupSize,
      });
      const expected = await Promise.all(
        weekEnds(FROM, T).map(async (asOf) => {
          const metrics = await orgMetrics(analytics.client, { orgId: ORG_ID, asOf, minGroupSize });
          return { asOf, value: metrics[metric], suppressed: metrics.suppressed };
        }),
      );
      expect(trend).toEqual(expected);
      if (metric === 'headcount') expect(trend.map((point) => point.suppressed)).toContain(true);
      if (metric === 'headcount') expect(trend.map((point) => point.suppressed)).toContain(false);
    }
  });

  it('follows a layer and a unit as their metric queries do, windowDays included', async () => {
    const layer = await metricTrend(analytics.client, {
      orgId: ORG_ID,
      metric: 'oneOnOneCoverage',
      group: { kind: 'layer', layer: 2 },
      from: FROM,
      to: T,
      step: 'week',
      minGroupSize: 1,
      windowDays: 14,
    });
    const unit = await metricTrend(analytics.client, {
      orgId: ORG_ID,
      metric: 'headcount',
      group: { kind: 'unit', unitId: 'X' },
      from: FROM,
      to: T,
      step: 'week',
      minGroupSize: 3,
    });
    for (const [index, asOf] of weekEnds(FROM, T).entries()) {
      const second = (await layerMetrics(analytics.client, { orgId: ORG_ID, asOf, minGroupSize: 1, windowDays: 14 })).find(
        (row) => row.layer === 2,
      );
      expect(layer[index]).toEqual({ asOf, value: second?.oneOnOneCoverage ?? null, suppressed: second?.suppressed ?? false });
      const x = await unitMetrics(analytics.client, { orgId: ORG_ID, asOf, unitId: 'X', minGroupSize: 3 });
      expect(unit[index]).toEqual({ asOf, value: x?.headcount ?? null, suppressed: x?.suppressed ?? false });
    }
    // X and their 2 reports until X2 moved on 15 May: shown, then suppressed.
    expect(unit.map((point) => point.suppressed)).toEqual(expect.arrayContaining([true, false]));
    expect(layer.some((point) => point.value !== null)).toBe(true);
  });

  it('gives every metric of the org, a unit and every layer as the figure of each week end does, facts of every practice included', async () => {
    await projectInto(analytics.client, practicesOrg());
    // 30 weeks back from T: every window edge of the practices scenario falls between two week ends.
    const from = '2025-11-03T00:00:00Z';
    const expectedAt = (asOf: string) =>
      Promise.all([
        orgMetrics(analytics.client, { orgId: ORG_ID, asOf, minGroupSize: 1 }),
        unitMetrics(analytics.client, { orgId: ORG_ID, asOf, unitId: 'A', minGroupSize: 1 }),
        layerMetrics(analytics.client, { orgId: ORG_ID, asOf, minGroupSize: 1 }),
      ]);
    const days = await Promise.all(weekEnds(from, T).map(expectedAt));
    for (const metric of TREE_METRIC_NAMES) {
      const [org, unit] = await Promise.all(
        [{ kind: 'org' as const }, { kind: 'unit' as const, unitId: 'A' }].map((group) =>
          metricTrend(analytics.client, { orgId: ORG_ID, metric, group, from, to: T, step: 'week', minGroupSize: 1 }),
        ),
      );
      expect({ metric, values: org!.map((point) => point.value) }).toEqual({ metric, values: days.map(([day]) => day[metric]) });
      expect({ metric, values: unit!.map((point) => point.value) }).toEqual({
        metric,
        values: days.map(([, day]) => day?.[metric] ?? null),
      });
    }
    for (const metric of LAYER_METRIC_NAMES) {
      for (const layer of [1, 2]) {
        const trend = await metricTrend(analytics.client, {
          orgId: ORG_ID,
          metric,
          group: { kind: 'layer', layer },
          from,
          to: T,
          step: 'week',
          minGroupSize: 1,
        });
        const expected = days.map(([, , layers]) => layers.find((row) => row.layer === layer)?.[metric] ?? null);
        expect({ metric, layer, values: trend.map((point) => point.value) }).toEqual({ metric, layer, values: expected });
      }
    }
    // Not all null: the comparison saw real numbers.
    expect(
      days.filter(([day]) => (day.feedbackCoverage ?? 0) > 0 && (day.delegationRate ?? 0) > 0 && (day.unilateralShare ?? 0) > 0).length,
    ).toBeGreaterThan(0);
  });

  it('refuses a metric a layer does not have', async () => {
    await expect(
      metricTrend(analytics.client, {
        orgId: ORG_ID,
        metric: 'layers',
        group: { kind: 'layer', layer: 1 },
        from: FROM,
        to: T,
        step: 'week',
      }),
    ).rejects.toThrow(RangeError);
  });
});
