import { DEFAULT_WINDOW_DAYS } from '@orghealth/analytics';
import type { AlertCondition, AlertFinding, AlertRule, AlertSignal, AlertSignalName } from '@orghealth/domain';
import type { AlertThresholds } from './alert-thresholds.js';
import type { RuleInputs } from './rule-inputs.js';

const { quarter, checkIns, oneOnOne, decisions } = DEFAULT_WINDOW_DAYS;

const atLeast = (metric: string, value: number | null, threshold: number, windowDays: number | null): AlertCondition | null =>
  value !== null && value >= threshold ? { metric, value, op: '>=', threshold, windowDays } : null;
const below = (metric: string, value: number | null, threshold: number, windowDays: number | null): AlertCondition | null =>
  value !== null && value < threshold ? { metric, value, op: '<', threshold, windowDays } : null;

/** A signal fires when every one of its conditions holds; it then carries them all, with the values measured. */
function signal(name: AlertSignalName, ...conditions: (AlertCondition | null)[]): AlertSignal | null {
  return conditions.every((condition) => condition !== null) ? { signal: name, conditions: conditions as AlertCondition[] } : null;
}

/** Each rule's signals in a fixed order: a rule fires when any of them does (alerts.md). */
const RULES: Record<AlertRule, (m: RuleInputs, t: AlertThresholds) => (AlertSignal | null)[]> = {
  MICROMANAGEMENT: (m, { MICROMANAGEMENT: t }) => [
    signal(
      'reclaiming',
      atLeast('plansDelegated', m.plansDelegated, t.plansDelegated, quarter),
      atLeast('reclaimRate', m.reclaimRate, t.reclaimRate, quarter),
    ),
    signal(
      'hovering',
      atLeast('checkInsPerReportPerWeek', m.checkInsPerReportPerWeek, t.checkInsPerReportPerWeek, checkIns),
      atLeast('directs', m.directs, t.directs, null),
    ),
    signal('goingAround', atLeast('bypassingSkipLevels', m.bypassingSkipLevels, t.bypassingSkipLevels, quarter)),
  ],
  POWER_CONCENTRATION: (m, { POWER_CONCENTRATION: t }) => [
    signal(
      'powerConcentration',
      atLeast('peopleDecisions', m.peopleDecisions, t.peopleDecisions, decisions),
      atLeast('unilateralShare', m.unilateralShare, t.unilateralShare, decisions),
    ),
  ],
  BOTTLENECK: (m, { BOTTLENECK: t }) => [
    signal('openApprovals', atLeast('openApprovals', m.openApprovals, t.openApprovals, null)),
    signal(
      'slowApprovals',
      atLeast('approvalsResolved', m.approvalsResolved, t.approvalsResolved, quarter),
      atLeast('medianApprovalHours', m.medianApprovalHours, t.medianApprovalHours, quarter),
    ),
  ],
  FEEDBACK_GAP: (m, { FEEDBACK_GAP: t }) => [
    signal(
      'feedbackGap',
      atLeast('directs', m.directs, t.directs, null),
      below('feedbackCoverage', m.feedbackCoverage, t.feedbackCoverage, quarter),
      below('oneOnOneCoverage', m.oneOnOneCoverage, t.oneOnOneCoverage, oneOnOne),
    ),
  ],
};

/** Which rules hold for which managers, with the signals that fired; managers are the subjects (alerts.md). */
export function findingsOf(inputs: readonly RuleInputs[], thresholds: AlertThresholds): AlertFinding[] {
  const findings: AlertFinding[] = [];
  for (const [rule, signalsOf] of Object.entries(RULES) as [AlertRule, (typeof RULES)[AlertRule]][]) {
    for (const manager of inputs) {
      const signals = signalsOf(manager, thresholds).filter((fired) => fired !== null);
      if (signals.length > 0) findings.push({ rule, subjectId: manager.subjectId, signals });
    }
  }
  return findings;
}
