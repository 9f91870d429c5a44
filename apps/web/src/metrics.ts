/** How a metric's value reads: a share in percent, a whole count, or a decimal figure. */
export type MetricKind = 'share' | 'count' | 'decimal1' | 'decimal2';

/** Which way is healthy, so a change can say whether it is good news; `neither` for sizes and shapes. */
export type Better = 'higher' | 'lower' | 'neither';

export interface MetricInfo {
  label: string;
  kind: MetricKind;
  better: Better;
  /** What the number means, in a sentence (metrics.md). */
  help: string;
}

/** Every metric the API serves, group and per-manager, by the spec's name. */
export const METRICS = {
  headcount: { label: 'Headcount', kind: 'count', better: 'neither', help: 'Active people' },
  managers: { label: 'Managers', kind: 'count', better: 'neither', help: 'People with at least one direct report' },
  layers: { label: 'Layers', kind: 'count', better: 'neither', help: 'Management layers from top to bottom' },
  avgSpanOfControl: { label: 'Average span', kind: 'decimal1', better: 'neither', help: 'Direct reports per manager, on average' },
  spanOfControl: { label: 'Span of control', kind: 'count', better: 'neither', help: 'Direct reports' },
  oneOnOneCoverage: { label: '1:1 coverage', kind: 'share', better: 'higher', help: 'Direct reports who had a 1:1 in the last 30 days' },
  checkInsPerReportPerWeek: {
    label: '1:1s per report per week',
    kind: 'decimal2',
    better: 'higher',
    help: 'Check-ins in the last 28 days, per report and week',
  },
  feedbackCoverage: {
    label: 'Feedback coverage',
    kind: 'share',
    better: 'higher',
    help: 'Direct reports who received feedback from their manager in the last 90 days',
  },
  upwardFeedbackShare: {
    label: 'Upward feedback',
    kind: 'share',
    better: 'higher',
    help: 'Managers who heard feedback from a direct report in the last 90 days',
  },
  upwardFeedbackReceived: {
    label: 'Upward feedback received',
    kind: 'count',
    better: 'higher',
    help: 'Feedback from direct reports in the last 90 days',
  },
  upwardFeedbackSolicitedShare: {
    label: 'Upward feedback asked for',
    kind: 'share',
    better: 'higher',
    help: 'Share of upward feedback the manager asked for',
  },
  skipLevelCoverage: { label: 'Skip-level coverage', kind: 'share', better: 'higher', help: 'Skip-level reports met in the last 90 days' },
  skipLevelLoopInRate: {
    label: 'Skip-levels with manager looped in',
    kind: 'share',
    better: 'higher',
    help: 'Skip-levels in the last 90 days where the middle manager was looped in',
  },
  outcomesFramed: { label: 'Outcomes framed', kind: 'count', better: 'neither', help: 'Outcomes framed in the last 90 days' },
  coCreatedShare: { label: 'Co-created outcomes', kind: 'share', better: 'higher', help: 'Outcomes framed together with others' },
  delegationRate: {
    label: 'Delegation rate',
    kind: 'share',
    better: 'higher',
    help: 'Outcomes framed in the last 90 days whose plan was delegated',
  },
  plansDelegated: { label: 'Plans delegated', kind: 'count', better: 'neither', help: 'Plans delegated in the last 90 days' },
  reclaimRate: { label: 'Reclaim rate', kind: 'share', better: 'lower', help: 'Delegated plans the delegator took back or overrode' },
  openApprovals: { label: 'Open approvals', kind: 'count', better: 'lower', help: 'Approval requests waiting for this manager' },
  medianApprovalHours: {
    label: 'Median approval time (h)',
    kind: 'decimal1',
    better: 'lower',
    help: 'Hours from request to decision, approvals resolved in the last 90 days',
  },
  peopleDecisions: {
    label: 'People decisions',
    kind: 'count',
    better: 'neither',
    help: 'Promotions, pay changes and other people decisions in the last 180 days',
  },
  unilateralShare: { label: 'Unilateral share', kind: 'share', better: 'lower', help: 'People decisions made alone, without an approver' },
  decisionConcentration: {
    label: 'Decision concentration',
    kind: 'decimal2',
    better: 'lower',
    help: 'Herfindahl index of who makes the people decisions (1.00: one person makes them all)',
  },
} satisfies Record<string, MetricInfo>;

export type MetricKey = keyof typeof METRICS;

/** The group metrics every group has (a layer, a unit, the org), pooled over its managers. */
export const POOLED_METRICS = [
  'headcount',
  'managers',
  'avgSpanOfControl',
  'oneOnOneCoverage',
  'feedbackCoverage',
  'skipLevelCoverage',
  'upwardFeedbackShare',
  'delegationRate',
  'reclaimRate',
  'coCreatedShare',
  'unilateralShare',
] as const satisfies readonly MetricKey[];

/** A unit's (and the org's) metrics: the pooled ones, its depth and who makes its people decisions. */
export const TREE_METRICS = [...POOLED_METRICS, 'layers', 'decisionConcentration'] as const satisfies readonly MetricKey[];

/** Every per-manager metric of the API, practices first, in the order the manager page lists them. */
export const MANAGER_METRICS = [
  'oneOnOneCoverage',
  'checkInsPerReportPerWeek',
  'feedbackCoverage',
  'upwardFeedbackReceived',
  'upwardFeedbackSolicitedShare',
  'skipLevelCoverage',
  'skipLevelLoopInRate',
  'outcomesFramed',
  'coCreatedShare',
  'delegationRate',
  'plansDelegated',
  'reclaimRate',
  'openApprovals',
  'medianApprovalHours',
  'peopleDecisions',
  'unilateralShare',
  'spanOfControl',
] as const satisfies readonly MetricKey[];
export type ManagerMetric = (typeof MANAGER_METRICS)[number];

export function metricInfo(key: MetricKey): MetricInfo {
  return METRICS[key];
}
