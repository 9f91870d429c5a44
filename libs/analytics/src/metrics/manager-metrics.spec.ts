import { ORG_ID } from '../testing/sample-org.js';
import { eachTestAnalytics } from '../testing/test-analytics.js';
import { managerMetrics, managerMetricsOf } from './manager-metrics.js';
import { projectInto } from './testing/project-into.js';
import { BEFORE_REORG, practicesOrg, reorgOrg, T } from './testing/scenarios.js';

const about = (value: number) => expect.closeTo(value, 12);

describe('per-manager metrics', () => {
  const analytics = eachTestAnalytics();

  describe('on the practices org at T', () => {
    beforeEach(() => projectInto(analytics.client, practicesOrg()));

    it('computes every metric of a manager exactly per spec', async () => {
      expect(await managerMetricsOf(analytics.client, { orgId: ORG_ID, asOf: T, managerId: 'A' })).toEqual({
        personId: 'A',
        layer: 2,
        spanOfControl: 3,
        oneOnOneCoverage: about(2 / 3), // A1 and A2 in 30 d; A3's check-in is exactly at T − 30 d; B1 is not A's
        checkInsPerReportPerWeek: about(1 / 6), // 2 check-ins with A1 in 28 d ÷ 3 reports ÷ 4 weeks
        feedbackCoverage: about(1 / 3), // A1 only (twice); A2's is before the 90 d
        upwardFeedbackReceived: 2, // from A1 and A2; A3's is too old, B1 is not A's report
        upwardFeedbackSolicitedShare: 0.5, // A1's of the two
        skipLevelCoverage: null, // S(A) is empty
        skipLevelLoopInRate: null, // A held no skip-level
        outcomesFramed: 2, // O1, O2; O3 is before the 90 d
        coCreatedShare: 0.5, // O1
        delegationRate: 0.5, // O1 (P1 at exactly T); O2's plans are B's or after T
        plansDelegated: 2, // P1, P2; P3 is before the 90 d, P5 after T
        reclaimRate: 0.5, // P2 reclaimed by A; P1 only overridden by M, and reclaimed by A after T
        openApprovals: 2, // R2 never resolved, R3 resolved after T; R4 requested after T
        medianApprovalHours: 10, // 4, 10, 20, 30 h: the lower of the middle two; R8 resolved before the 90 d
        peopleDecisions: 3, // the 4th is before the 180 d
        unilateralShare: about(2 / 3), // no approver, or only A
      });
    });

    it('lists every manager at T, with null for every zero denominator', async () => {
      const metrics = await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: T });
      expect(metrics.map((manager) => manager.personId)).toEqual(['M', 'A', 'B']);
      expect(metrics[0]).toEqual({
        personId: 'M',
        layer: 1,
        spanOfControl: 2,
        oneOnOneCoverage: 0,
        checkInsPerReportPerWeek: 0,
        feedbackCoverage: 0,
        upwardFeedbackReceived: 0,
        upwardFeedbackSolicitedShare: null,
        skipLevelCoverage: 0.5, // A1 and B1 of S(M) = {A1, A2, A3, B1}; A2's is before the 90 d
        skipLevelLoopInRate: about(2 / 3), // 2 of the 3 skip-levels in 90 d
        outcomesFramed: 0,
        coCreatedShare: null,
        delegationRate: null,
        plansDelegated: 0,
        reclaimRate: null,
        openApprovals: 0,
        medianApprovalHours: null,
        peopleDecisions: 1,
        unilateralShare: 1,
      });
      expect(metrics[2]).toEqual({
        personId: 'B',
        layer: 2,
        spanOfControl: 1,
        oneOnOneCoverage: 1,
        checkInsPerReportPerWeek: 0.25, // 1 check-in ÷ 1 report ÷ 4 weeks
        feedbackCoverage: 0,
        upwardFeedbackReceived: 0,
        upwardFeedbackSolicitedShare: null,
        skipLevelCoverage: null,
        skipLevelLoopInRate: null,
        outcomesFramed: 0,
        coCreatedShare: null,
        delegationRate: null,
        plansDelegated: 1,
        reclaimRate: 0, // P4 was never reclaimed
        openApprovals: 0,
        medianApprovalHours: null,
        peopleDecisions: 0,
        unilateralShare: null,
      });
    });

    it('gives null for someone who is not a manager at T', async () => {
      expect(await managerMetricsOf(analytics.client, { orgId: ORG_ID, asOf: T, managerId: 'A1' })).toBeNull();
      expect(await managerMetricsOf(analytics.client, { orgId: ORG_ID, asOf: T, managerId: 'nobody' })).toBeNull();
    });

    it('uses windowDays for every windowed metric instead of its default', async () => {
      expect(await managerMetricsOf(analytics.client, { orgId: ORG_ID, asOf: T, managerId: 'A', windowDays: 7 })).toEqual({
        personId: 'A',
        layer: 2,
        spanOfControl: 3,
        oneOnOneCoverage: about(1 / 3), // only the 25 May check-in with A1 is after 25 May 00:00
        checkInsPerReportPerWeek: about(1 / 3), // 1 ÷ 3 reports ÷ 1 week
        feedbackCoverage: 0,
        upwardFeedbackReceived: 0,
        upwardFeedbackSolicitedShare: null,
        skipLevelCoverage: null,
        skipLevelLoopInRate: null,
        outcomesFramed: 0,
        coCreatedShare: null,
        delegationRate: null,
        plansDelegated: 1, // P1
        reclaimRate: 0,
        openApprovals: 2, // not windowed
        medianApprovalHours: null,
        peopleDecisions: 0,
        unilateralShare: null,
      });
    });

    it('counts an event once when its rows were written more than once', async () => {
      const before = await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: T });
      // Merges stopped, so only the read can fold the copies.
      for (const table of ['reporting_lines', 'check_ins', 'feedback', 'skip_levels', 'decisions']) {
        await analytics.client.command({ query: 'SYSTEM STOP MERGES {table:Identifier}', query_params: { table } });
        await analytics.client.command({
          query: 'INSERT INTO {table:Identifier} SELECT * FROM {table:Identifier}',
          query_params: { table },
        });
      }
      expect(await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: T })).toEqual(before);
    });
  });

  describe('across a reorg and a leaver', () => {
    beforeEach(() => projectInto(analytics.client, reorgOrg()));

    it('attributes facts to the org at T, not at the time of the fact', async () => {
      const [, x, y] = await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: T });
      // X2 moved from X to Y on 15 May and Y1 left on 20 May.
      expect(x).toMatchObject({ personId: 'X', spanOfControl: 1, oneOnOneCoverage: 1, checkInsPerReportPerWeek: 0.25 }); // X1 only; X2 is Y's now
      expect(y).toMatchObject({ personId: 'Y', spanOfControl: 1, oneOnOneCoverage: 0, checkInsPerReportPerWeek: 0 }); // Y1 left; nobody met X2
    });

    it('lists the managers of one unit at T: its head and every manager below, not those beside or above', async () => {
      const ids = async (unitId: string) =>
        (await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: T, unitId })).map((row) => row.personId);
      expect(await ids('M')).toEqual(['M', 'X', 'Y']);
      expect(await ids('X')).toEqual(['X']);
      expect(await ids('X1')).toEqual([]); // not a manager
      expect(await ids('nobody')).toEqual([]);
    });

    it('gives the numbers true at an earlier T, whatever changed after it', async () => {
      const [m, x, y] = await managerMetrics(analytics.client, { orgId: ORG_ID, asOf: BEFORE_REORG });
      expect(m).toMatchObject({ personId: 'M', spanOfControl: 2, skipLevelCoverage: 0 }); // S(M) = {X1, X2, Y1}
      expect(x).toMatchObject({ personId: 'X', spanOfControl: 2, oneOnOneCoverage: 1, checkInsPerReportPerWeek: 0.25 }); // 2 ÷ 2 ÷ 4
      expect(y).toMatchObject({ personId: 'Y', spanOfControl: 1, oneOnOneCoverage: 1 }); // Y1, not yet left
    });
  });
});
