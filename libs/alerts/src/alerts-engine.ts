import { analyticsOrgs, type AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import { isOrgFactType } from '@orghealth/domain';
import type { EventStore, StoredEvent } from '@orghealth/event-store';
import { openAlertsDatabase, type AlertsDatabase } from './alerts-database.js';
import { AlertEvaluator } from './evaluation/alert-evaluator.js';
import { AlertSchedule } from './evaluation/alert-schedule.js';
import { AlertLog } from './lifecycle/alert-log.js';
import type { AlertThresholds } from './rules/alert-thresholds.js';
import { AlertSettings } from './settings/alert-settings.js';
import { WebhookOutbox } from './webhooks/webhook-outbox.js';
import type { Resolve } from './webhooks/pinned-post.js';
import { WebhookSender } from './webhooks/webhook-sender.js';
import { WebhookSubscriptions } from './webhooks/webhook-subscriptions.js';

export interface AlertsEngineOptions {
  config: Pick<Config, 'alerts' | 'webhooks'>;
  store: EventStore;
  analytics: Pick<AnalyticsRuntime, 'client' | 'status' | 'rebuilding' | 'onProjected'>;
  onError: (message: string) => void;
  now?: () => Date;
  random?: () => number;
  /** Webhook host name resolution, for tests; the system's by default. */
  resolve?: Resolve;
}

/**
 * The alerts side of the API process, wired once: evaluation after projected
 * batches (debounced) and on a schedule, the lifecycle in the event store,
 * and the webhook outbox in `alerts.sqlite`.
 */
export class AlertsEngine {
  readonly db: AlertsDatabase;
  readonly settings: AlertSettings;
  readonly subscriptions: WebhookSubscriptions;
  readonly log: AlertLog;
  readonly outbox: WebhookOutbox;
  readonly sender: WebhookSender;
  readonly evaluator: AlertEvaluator;
  readonly schedule: AlertSchedule;
  private readonly store: EventStore;
  private readonly analytics: AlertsEngineOptions['analytics'];
  private readonly onError: (message: string) => void;
  private caughtUp = false;
  private lastCheckpoint = 0;

  constructor({ config, store, analytics, onError, now = () => new Date(), random = Math.random, resolve }: AlertsEngineOptions) {
    this.store = store;
    this.analytics = analytics;
    this.onError = onError;
    this.db = openAlertsDatabase(config.alerts.file);
    this.settings = new AlertSettings(this.db);
    this.subscriptions = new WebhookSubscriptions(this.db);
    this.sender = new WebhookSender(this.db, {
      ...config.webhooks,
      concurrency: 8,
      now,
      random,
      log: onError,
      ...(resolve ? { resolve } : {}),
    });
    this.outbox = new WebhookOutbox(this.db, store, this.subscriptions, now, () => this.sender.wake());
    this.log = new AlertLog(store, (orgId) => void this.collect(orgId));
    this.evaluator = new AlertEvaluator({
      client: () => analytics.client(),
      trustworthy: () => this.trustworthy(),
      now,
      log: this.log,
      settings: this.settings,
    });
    this.schedule = new AlertSchedule({
      debounceMs: config.alerts.debounceMs,
      everyMs: config.alerts.everyMs,
      orgs: async () => analyticsOrgs(analytics.client()),
      evaluate: (orgId) => this.evaluator.evaluate(orgId),
      onError: (orgId, error) =>
        onError(`alert evaluation${orgId ? ` of ${orgId}` : ''} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    analytics.onProjected((events) => this.schedule.touched(touchedOrgs(events)));
  }

  start(): void {
    this.sender.start();
    this.schedule.start();
    // Transitions recorded just before a crash, not yet in the outbox.
    this.outbox.collectAll().catch((error: unknown) => this.onError(`webhook outbox: ${String(error)}`));
  }

  /** Saves the org's thresholds and evaluates the org again soon (after the debounce): its alerts follow the new ones. */
  replaceThresholds(orgId: string, thresholds: AlertThresholds, now: Date): AlertThresholds {
    const saved = this.settings.replace(orgId, thresholds, now);
    this.schedule.touched([orgId]);
    return saved;
  }

  async close(): Promise<void> {
    await this.schedule.close();
    await this.sender.close();
    this.db.close();
  }

  /**
   * The analytics hold every event projected so far and are not being
   * rebuilt: they caught up with the store once since the last (re)start of
   * the projector, whose checkpoint then only grows.
   */
  private async trustworthy(): Promise<boolean> {
    if (this.analytics.rebuilding) {
      this.caughtUp = false;
      return false;
    }
    const { ready, projector } = await this.analytics.status();
    if (!ready || projector.checkpoint === null) return false;
    if (projector.checkpoint < this.lastCheckpoint) this.caughtUp = false;
    this.lastCheckpoint = projector.checkpoint;
    if (!this.caughtUp) this.caughtUp = projector.checkpoint >= (await this.store.headPosition());
    return this.caughtUp && !this.analytics.rebuilding;
  }

  private async collect(orgId: string): Promise<void> {
    await this.outbox.collect(orgId).catch((error: unknown) => this.onError(`webhook outbox of ${orgId}: ${String(error)}`));
  }
}

/** The orgs whose facts a batch holds; the alert lifecycle itself changes no rule's inputs. */
function touchedOrgs(events: readonly StoredEvent[]): Set<string> {
  const orgs = new Set<string>();
  for (const event of events) if (isOrgFactType(event.type)) orgs.add(event.orgId);
  return orgs;
}
