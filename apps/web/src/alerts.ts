import { evaluation, recordedAlerts, type AlertRule, type AlertSignal, type RecordedAlert } from './api/endpoints.js';
import type { Instants } from './as-of.js';
import type { MetricKey } from './metrics.js';
import { METRICS } from './metrics.js';
import { formatValue } from './format.js';

/** The four rules of alerts.md, in the order the dashboard lists them, with what each means. */
export const RULES: Record<AlertRule, { label: string; help: string }> = {
  MICROMANAGEMENT: { label: 'Micromanagement', help: 'Takes delegated plans back, checks in very often, or goes around their managers' },
  POWER_CONCENTRATION: { label: 'Power concentration', help: 'Makes many people decisions, nearly all alone' },
  BOTTLENECK: { label: 'Bottleneck', help: 'Approvals pile up or wait for days' },
  FEEDBACK_GAP: { label: 'Feedback gap', help: 'Few reports hear feedback, and 1:1s are rare' },
};
export const RULE_ORDER = Object.keys(RULES) as AlertRule[];

export const SIGNALS: Record<AlertSignal['signal'], string> = {
  reclaiming: 'Reclaims delegated plans',
  hovering: 'Checks in very often',
  goingAround: 'Skip-levels without the manager',
  powerConcentration: 'Decides people matters alone',
  openApprovals: 'Approvals piling up',
  slowApprovals: 'Slow approvals',
  feedbackGap: 'Little feedback, few 1:1s',
};

/** Counts the rules name that are not metrics of metrics.md. */
const COUNTS: Record<string, string> = {
  bypassingSkipLevels: 'Skip-levels without the manager',
  directs: 'Direct reports',
  approvalsResolved: 'Approvals resolved',
};

export function conditionLabel(metric: string): string {
  return metric in METRICS ? METRICS[metric as MetricKey].label : (COUNTS[metric] ?? metric);
}

export function conditionValue(metric: string, value: number): string {
  return metric in METRICS ? formatValue(METRICS[metric as MetricKey].kind, value) : formatValue('count', value);
}

/**
 * An alert as the dashboard shows it. Now: a recorded alert, with its lifecycle and acknowledgement. At a
 * past instant: a rule that held then for a subject, evaluated afresh (`recorded` null): the lifecycle
 * records when alerts opened and closed, not what a past instant looked like with today's thresholds.
 */
export interface ShownAlert {
  key: string;
  rule: AlertRule;
  subjectId: string;
  signals: AlertSignal[];
  recorded: RecordedAlert | null;
}

/** `asOf` null: now, the recorded alerts; a date: the evaluation at the end of that day. */
export async function alertsAt(orgId: string, asOf: string | null, instants: Instants, background?: AbortSignal): Promise<ShownAlert[]> {
  if (asOf === null) {
    return (await recordedAlerts(orgId)).map((alert) => ({
      key: alert.alertId,
      rule: alert.rule,
      subjectId: alert.subjectId,
      signals: alert.signals,
      recorded: alert,
    }));
  }
  const { findings } = await evaluation(orgId, instants.asOf, background);
  return findings.map((finding) => ({ key: `${finding.rule}:${finding.subjectId}`, ...finding, recorded: null }));
}

/** The status filter: `active` (open or acknowledged, the default) and `all` besides the three statuses. */
export const STATUS_FILTERS = ['active', 'open', 'acknowledged', 'resolved', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const statusFilterOf = (status: string | null): StatusFilter => STATUS_FILTERS.find((filter) => filter === status) ?? 'active';

/** Still open, seen or not; a past instant's findings all held then. */
export const isActive = (alert: ShownAlert): boolean => alert.recorded === null || alert.recorded.status !== 'resolved';

export function matchesStatus(alert: ShownAlert, filter: StatusFilter): boolean {
  if (alert.recorded === null || filter === 'all') return true;
  if (filter === 'active') return isActive(alert);
  return alert.recorded.status === filter;
}
