import { ORG_ID } from '../testing/sample-org.js';
import { eachTestAnalytics } from '../testing/test-analytics.js';
import { layerMetrics, orgMetrics, unitMetrics } from './group-metrics.js';
import { projectInto } from './testing/project-into.js';
import { BEFORE_REORG, practicesOrg, reorgOrg, T } from './testing/scenarios.js';

const about = (value: number) => expect.closeTo(value, 12);

const SUPPRESSED = {
  suppressed: true,
  managers: null,
  headcount: null,
  avgSpanOfControl: null,
  oneOnOneCoverage: null,
  feedbackCoverage: null,
  skipLevelCoverage: null,
  upwardFeedbackShare: null,
  delegationRate: null,
  reclaimRate: null,
  coCreatedShare: null,
  unilateralShare: null,
};

describe('group metrics', () => {
  const analytics = eachTestAnalytics();

  // Managers at T: M (span 2, S = 4), A (span 3), B (span 1); see the per-manager spec for each one's facts.
  describe('on the practices org at T', () => {
    beforeEach(() => projectInto(analytics.client, practicesOrg()));

    it('pools org-wide over every manager', async () => {
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T })).toEqual({
        suppressed: false,
        managers: 3,
        headcount: 7,
        avgSpanOfControl: 2, // (2 + 3 + 1) / 3
        oneOnOneCoverage: 0.5, // (0 + 2 + 1) / (2 + 3 + 1), not the mean of 0, 2/3 and 1
        feedbackCoverage: about(1 / 6), // (0 + 1 + 0) / 6
        skipLevelCoverage: 0.5, // (2 + 0 + 0) / (4 + 0 + 0)
        upwardFeedbackShare: about(1 / 3), // A only
        delegationRate: 0.5, // A's 1 of 2 outcomes
        reclaimRate: about(1 / 3), // A's 1 of 2 plans + B's 0 of 1
        coCreatedShare: 0.5, // A's 1 of 2
        unilateralShare: 0.75, // A's 2 of 3 + M's 1 of 1
        decisionConcentration: 0.44, // A 3, M 1, A1 1 of 5: (9 + 1 + 1) / 25
        layers: 3,
      });
    });

    it('pools a management layer over its managers, with their direct reports in the headcount', async () => {
      const [top, second] = await layerMetrics(analytics.client, { orgId: ORG_ID, asOf: T });
      expect(second).toEqual({
        layer: 2,
        suppressed: false,
        managers: 2,
        headcount: 6, // A, B and their 4 reports
        avgSpanOfControl: 2, // (3 + 1) / 2
        oneOnOneCoverage: 0.75, // (2 + 1) / (3 + 1)
        feedbackCoverage: 0.25, // (1 + 0) / 4
        skipLevelCoverage: null, // neither has skip-level reports
        upwardFeedbackShare: 0.5, // A
        delegationRate: 0.5,
        reclaimRate: about(1 / 3),
        coCreatedShare: 0.5,
        unilateralShare: about(2 / 3), // A's; B made none
      });
      // M and their 2 reports: 3 people, fewer than the default 5.
      expect(top).toEqual({ layer: 1, ...SUPPRESSED });
    });

    it('shows a group of exactly minGroupSize people and suppresses a smaller one', async () => {
      const [top] = await layerMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 3 });
      expect(top).toMatchObject({ layer: 1, suppressed: false, managers: 1, headcount: 3, skipLevelCoverage: 0.5 });
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 7 })).toMatchObject({
        suppressed: false,
        headcount: 7,
      });
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T, minGroupSize: 8 })).toEqual({
        ...SUPPRESSED,
        decisionConcentration: null,
        layers: null,
      });
    });

    it('measures a unit: the subtree of its head at T', async () => {
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId: 'A', minGroupSize: 4 })).toEqual({
        unitId: 'A',
        suppressed: false,
        managers: 1,
        headcount: 4, // A, A1, A2, A3
        avgSpanOfControl: 3,
        oneOnOneCoverage: about(2 / 3),
        feedbackCoverage: about(1 / 3),
        skipLevelCoverage: null,
        upwardFeedbackShare: 1,
        delegationRate: 0.5,
        reclaimRate: 0.5,
        coCreatedShare: 0.5,
        unilateralShare: about(2 / 3),
        decisionConcentration: 0.625, // A 3, A1 1 of 4: (9 + 1) / 16; M's decision is outside the unit
        layers: 2, // layers 2 and 3
      });
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId: 'A' })).toEqual({
        unitId: 'A',
        ...SUPPRESSED,
        decisionConcentration: null,
        layers: null,
      });
    });

    it('gives a unit without managers null pooled ratios, and no unit for someone not active at T', async () => {
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId: 'A1', minGroupSize: 1 })).toMatchObject({
        managers: 0,
        headcount: 1,
        avgSpanOfControl: null,
        oneOnOneCoverage: null,
        upwardFeedbackShare: null,
        decisionConcentration: 1, // A1 made the unit's only decision
        layers: 1,
      });
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId: 'nobody' })).toBeNull();
    });

    it('uses windowDays for the decision window of decisionConcentration too', async () => {
      // 7 d: no decision since 25 May.
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T, windowDays: 7 })).toMatchObject({
        decisionConcentration: null,
        unilateralShare: null,
        oneOnOneCoverage: about(1 / 6), // A1's 25 May check-in of 6 direct reports
      });
    });
  });

  describe('across a reorg and a leaver', () => {
    beforeEach(() => projectInto(analytics.client, reorgOrg()));

    it('counts only the people active at T, in their place at T', async () => {
      // Y1 left on 20 May; X2 moved from X to Y on 15 May.
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: T })).toMatchObject({
        managers: 3,
        headcount: 5,
        oneOnOneCoverage: 0.25, // X1 of D(M) + D(X) + D(Y) = 2 + 1 + 1
      });
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId: 'Y', minGroupSize: 1 })).toMatchObject({ headcount: 2 });
    });

    it('gives the numbers true at an earlier T', async () => {
      expect(await orgMetrics(analytics.client, { orgId: ORG_ID, asOf: BEFORE_REORG })).toMatchObject({
        managers: 3,
        headcount: 6,
        oneOnOneCoverage: 0.6, // X1, X2 and Y1 of 2 + 2 + 1
      });
      expect(await unitMetrics(analytics.client, { orgId: ORG_ID, asOf: BEFORE_REORG, unitId: 'X', minGroupSize: 1 })).toMatchObject({
        headcount: 3,
      });
    });
  });
});
