import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './alert-thresholds.js';
import { findingsOf } from './alert-rules.js';
import type { RuleInputs } from './rule-inputs.js';

/** A manager who trips no rule at the defaults: every field is one step on the healthy side of its threshold. */
const healthy = (overrides: Partial<RuleInputs> = {}): RuleInputs => ({
  subjectId: 'M',
  directs: 4,
  plansDelegated: 4,
  reclaimRate: 0.49,
  checkInsPerReportPerWeek: 2.99,
  bypassingSkipLevels: 2,
  peopleDecisions: 5,
  unilateralShare: 0.79,
  openApprovals: 9,
  approvalsResolved: 5,
  medianApprovalHours: 71.9,
  feedbackCoverage: 0.34,
  oneOnOneCoverage: 0.25,
  ...overrides,
});

const fired = (inputs: Partial<RuleInputs>) =>
  findingsOf([healthy(inputs)], DEFAULT_ALERT_THRESHOLDS).map(({ rule, signals }) => [rule, signals.map((s) => s.signal)]);

describe('the alert rules at the spec defaults', () => {
  it('fire nothing one step short of every threshold', () => {
    expect(fired({})).toEqual([]);
  });

  it('fire at the threshold itself for "at least", and only strictly below for "below"', () => {
    expect(fired({ reclaimRate: 0.5 })).toEqual([['MICROMANAGEMENT', ['reclaiming']]]);
    expect(fired({ checkInsPerReportPerWeek: 3 })).toEqual([['MICROMANAGEMENT', ['hovering']]]);
    expect(fired({ bypassingSkipLevels: 3 })).toEqual([['MICROMANAGEMENT', ['goingAround']]]);
    expect(fired({ unilateralShare: 0.8 })).toEqual([['POWER_CONCENTRATION', ['powerConcentration']]]);
    expect(fired({ openApprovals: 10 })).toEqual([['BOTTLENECK', ['openApprovals']]]);
    expect(fired({ medianApprovalHours: 72 })).toEqual([['BOTTLENECK', ['slowApprovals']]]);
    expect(fired({ feedbackCoverage: 0.3399 })).toEqual([['FEEDBACK_GAP', ['feedbackGap']]]);
  });

  it('need every condition of a signal: counts too small, ratios without a denominator, a team too small', () => {
    expect(fired({ plansDelegated: 3, reclaimRate: 1 })).toEqual([]);
    expect(fired({ plansDelegated: 0, reclaimRate: null })).toEqual([]);
    expect(fired({ peopleDecisions: 4, unilateralShare: 1 })).toEqual([]);
    expect(fired({ approvalsResolved: 4, medianApprovalHours: 500 })).toEqual([]);
    expect(fired({ approvalsResolved: 0, medianApprovalHours: null })).toEqual([]);
    expect(fired({ directs: 2, feedbackCoverage: 0, oneOnOneCoverage: 0 })).toEqual([]);
    expect(fired({ feedbackCoverage: 0, oneOnOneCoverage: 0.5 })).toEqual([]);
  });

  it('carry every signal that fired, with the measured values, thresholds and windows', () => {
    const [finding] = findingsOf(
      [healthy({ subjectId: 'M7', reclaimRate: 0.75, checkInsPerReportPerWeek: 3.5 })],
      DEFAULT_ALERT_THRESHOLDS,
    );
    expect(finding).toEqual({
      rule: 'MICROMANAGEMENT',
      subjectId: 'M7',
      signals: [
        {
          signal: 'reclaiming',
          conditions: [
            { metric: 'plansDelegated', value: 4, op: '>=', threshold: 4, windowDays: 90 },
            { metric: 'reclaimRate', value: 0.75, op: '>=', threshold: 0.5, windowDays: 90 },
          ],
        },
        {
          signal: 'hovering',
          conditions: [
            { metric: 'checkInsPerReportPerWeek', value: 3.5, op: '>=', threshold: 3, windowDays: 28 },
            { metric: 'directs', value: 4, op: '>=', threshold: 1, windowDays: null },
          ],
        },
      ],
    });
  });

  it("use the org's own thresholds, defaults for what they leave out", () => {
    const strict = AlertThresholds.parse({ BOTTLENECK: { openApprovals: 5 } });
    expect(strict.BOTTLENECK).toEqual({ openApprovals: 5, approvalsResolved: 5, medianApprovalHours: 72 });
    expect(strict.FEEDBACK_GAP).toEqual(DEFAULT_ALERT_THRESHOLDS.FEEDBACK_GAP);
    expect(findingsOf([healthy({ openApprovals: 5 })], strict).map((f) => f.rule)).toEqual(['BOTTLENECK']);
    expect(AlertThresholds.safeParse({ BOTTLENECK: { openApprovals: -1 } }).success).toBe(false);
    expect(AlertThresholds.safeParse({ FEEDBACK_GAP: { oneOnOneCoverage: 2 } }).success).toBe(false);
    expect(AlertThresholds.safeParse({ NEW_RULE: {} }).success).toBe(false);
  });
});
