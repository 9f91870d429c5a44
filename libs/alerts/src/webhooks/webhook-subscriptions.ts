import { randomUUID } from 'node:crypto';
import { ALERT_RULES, type AlertRule } from '@orghealth/domain';
import type { AlertsDatabase } from '../alerts-database.js';

export interface WebhookSubscription {
  subscriptionId: string;
  orgId: string;
  url: string;
  /** Rules whose transitions are delivered. */
  rules: AlertRule[];
  createdAt: string;
}

export interface SubscriptionWithSecret extends WebhookSubscription {
  secret: string;
  /** The org's alerts stream revision when it subscribed: it receives the transitions after it. */
  afterRevision: number;
}

interface Row {
  subscription_id: string;
  org_id: string;
  url: string;
  secret: string;
  rules: string;
  after_revision: number;
  created_at: string;
}

const toSubscription = (row: Row): SubscriptionWithSecret => ({
  subscriptionId: row.subscription_id,
  orgId: row.org_id,
  url: row.url,
  rules: JSON.parse(row.rules) as AlertRule[],
  createdAt: row.created_at,
  secret: row.secret,
  afterRevision: row.after_revision,
});

const withoutSecret = ({ secret: _secret, afterRevision: _after, ...subscription }: SubscriptionWithSecret): WebhookSubscription =>
  subscription;

const INSERT_SQL =
  'INSERT INTO webhook_subscriptions (subscription_id, org_id, url, secret, rules, after_revision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
const ACTIVE_SQL = 'SELECT * FROM webhook_subscriptions WHERE org_id = ? AND deleted_at IS NULL ORDER BY created_at, subscription_id';
const ONE_SQL = 'SELECT * FROM webhook_subscriptions WHERE org_id = ? AND subscription_id = ? AND deleted_at IS NULL';
const DELETE_SQL = 'UPDATE webhook_subscriptions SET deleted_at = ? WHERE org_id = ? AND subscription_id = ? AND deleted_at IS NULL';
// A deleted subscription receives nothing more: what still waits for it is cancelled, and stays visible.
const CANCEL_SQL = "UPDATE webhook_deliveries SET status = 'cancelled', finished_at = ? WHERE subscription_id = ? AND status = 'pending'";
// An org's outbox starts where its first subscriber subscribed: history before it is never delivered.
const START_OUTBOX_SQL = 'INSERT INTO webhook_outbox_checkpoints (org_id, revision) VALUES (?, ?) ON CONFLICT (org_id) DO NOTHING';

/** The orgs' webhook subscriptions. Secrets are kept to sign with, and never read back through the API. */
export class WebhookSubscriptions {
  constructor(private readonly db: AlertsDatabase) {}

  /** Subscribes `url`; `alertsRevision` is the org's alerts stream revision now, where a first outbox starts. */
  create(
    orgId: string,
    input: { url: string; secret: string; rules: readonly AlertRule[] },
    now: Date,
    alertsRevision: number,
  ): WebhookSubscription {
    const subscription: SubscriptionWithSecret = {
      subscriptionId: randomUUID(),
      orgId,
      url: input.url,
      rules: ALERT_RULES.filter((rule) => input.rules.includes(rule)),
      createdAt: now.toISOString(),
      secret: input.secret,
      afterRevision: alertsRevision,
    };
    this.db.transaction(() => {
      this.db.prepare(START_OUTBOX_SQL).run(orgId, alertsRevision);
      this.db
        .prepare(INSERT_SQL)
        .run(
          subscription.subscriptionId,
          orgId,
          subscription.url,
          subscription.secret,
          JSON.stringify(subscription.rules),
          alertsRevision,
          subscription.createdAt,
        );
    })();
    return withoutSecret(subscription);
  }

  list(orgId: string): WebhookSubscription[] {
    return this.db.prepare<[string], Row>(ACTIVE_SQL).all(orgId).map(toSubscription).map(withoutSecret);
  }

  get(orgId: string, subscriptionId: string): WebhookSubscription | null {
    const row = this.db.prepare<[string, string], Row>(ONE_SQL).get(orgId, subscriptionId);
    return row ? withoutSecret(toSubscription(row)) : null;
  }

  /** The active subscriptions with their secrets, for the outbox. */
  activeWithSecrets(orgId: string): SubscriptionWithSecret[] {
    return this.db.prepare<[string], Row>(ACTIVE_SQL).all(orgId).map(toSubscription);
  }

  /** false when there is no such active subscription. */
  delete(orgId: string, subscriptionId: string, now: Date): boolean {
    return this.db.transaction(() => {
      const deleted = this.db.prepare(DELETE_SQL).run(now.toISOString(), orgId, subscriptionId).changes === 1;
      if (deleted) this.db.prepare(CANCEL_SQL).run(now.toISOString(), subscriptionId);
      return deleted;
    })();
  }
}
