import { channel } from 'node:diagnostics_channel';
import type { AnalyticsClient } from '@orghealth/analytics';
import type { AlertEvent, AlertFinding } from '@orghealth/domain';
import type { AlertLog } from '../lifecycle/alert-log.js';
import { findingsOf } from '../rules/alert-rules.js';
import type { AlertThresholds } from '../rules/alert-thresholds.js';
import { ruleInputs } from '../rules/rule-inputs.js';
import type { AlertSettings } from '../settings/alert-settings.js';

/** What the rules find for an org at an instant, with the thresholds they were held against. */
export interface Evaluation {
  orgId: string;
  asOf: string;
  thresholds: AlertThresholds;
  findings: AlertFinding[];
}

/**
 * One evaluation of an org's rules: `changed` recorded transitions, `unchanged` recorded none,
 * `skipped` waited for trustworthy analytics, `failed` threw.
 */
export interface AlertEvaluationOutcome {
  outcome: 'changed' | 'unchanged' | 'skipped' | 'failed';
}

/** Every evaluation, scheduled or after a batch, for the operator's metrics. */
export const alertEvaluationChannel = channel('orghealth.alerts.evaluation');

export interface AlertEvaluatorOptions {
  /** The analytics connection; throws while they are unavailable. */
  client: () => AnalyticsClient;
  /**
   * False while the analytics cannot be trusted to hold every projected event (a rebuild or a first
   * catch-up under way): evaluating then would resolve alerts whose evidence is not projected yet.
   */
  trustworthy: () => Promise<boolean>;
  now: () => Date;
  log: AlertLog;
  settings: AlertSettings;
}

/**
 * Evaluates the rules and records what changed as lifecycle events. `findings`
 * only reads (the time-travel endpoint); `evaluate` records.
 */
export class AlertEvaluator {
  constructor(private readonly options: AlertEvaluatorOptions) {}

  async findings(orgId: string, asOf: Date): Promise<Evaluation> {
    const thresholds = this.options.settings.thresholds(orgId);
    const inputs = await ruleInputs(this.options.client(), orgId, asOf);
    return { orgId, asOf: asOf.toISOString(), thresholds, findings: findingsOf(inputs, thresholds) };
  }

  /**
   * Evaluates at `at` (default now) and records the transitions; none while the
   * analytics are untrustworthy, checked before and after reading them.
   */
  async evaluate(orgId: string, at: Date = this.options.now()): Promise<AlertEvent[]> {
    const told = (outcome: AlertEvaluationOutcome['outcome']) => {
      if (alertEvaluationChannel.hasSubscribers) alertEvaluationChannel.publish({ outcome } satisfies AlertEvaluationOutcome);
    };
    try {
      const recorded = await this.record(orgId, at);
      told(recorded === null ? 'skipped' : recorded.length > 0 ? 'changed' : 'unchanged');
      return recorded ?? [];
    } catch (error) {
      told('failed');
      throw error;
    }
  }

  /** The recorded transitions, or null when the analytics could not be trusted. */
  private async record(orgId: string, at: Date): Promise<AlertEvent[] | null> {
    if (!(await this.options.trustworthy())) return null;
    const { findings } = await this.findings(orgId, at);
    if (!(await this.options.trustworthy())) return null;
    return this.options.log.record({ type: 'ReconcileAlerts', orgId, at: at.toISOString(), findings });
  }
}
