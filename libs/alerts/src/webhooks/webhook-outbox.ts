import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '@orghealth/event-store';
import type { AlertsDatabase } from '../alerts-database.js';
import { ALERT_STREAM, alertStreamId } from '../lifecycle/alert-log.js';
import type { WebhookSubscriptions } from './webhook-subscriptions.js';

const CHECKPOINT_SQL = 'SELECT revision FROM webhook_outbox_checkpoints WHERE org_id = ?';
const ORGS_SQL = 'SELECT org_id FROM webhook_outbox_checkpoints ORDER BY org_id';
const ADVANCE_SQL = 'UPDATE webhook_outbox_checkpoints SET revision = max(revision, ?) WHERE org_id = ?';
const QUEUE_SQL = `INSERT INTO webhook_deliveries
    (delivery_id, subscription_id, org_id, event_id, event_type, alert_id, body, status, attempts, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
  ON CONFLICT (subscription_id, event_id) DO NOTHING`;

/** The JSON every receiver gets; the signature is over exactly these bytes. */
export interface WebhookBody {
  deliveryId: string;
  subscriptionId: string;
  orgId: string;
  /** The transition's revision in the org's alerts stream: receivers order by it (retries may reorder arrivals). */
  sequence: number;
  event: { eventId: string; type: string; occurredAt: string; data: unknown };
}

/**
 * A transition's data as it leaves the engine: without the acknowledgement note. A delivered copy is beyond
 * the reach of erasure, and the note is free text about a person; receivers read it through the API.
 */
function outgoingData(data: Record<string, unknown>): Record<string, unknown> {
  const { note: _personalText, ...rest } = data;
  return rest;
}

/**
 * The durable outbox: turns the org's alert transitions, read from its
 * alerts stream after the outbox checkpoint, into one queued delivery per
 * subscription that wants the rule, and moves the checkpoint, in one SQLite
 * transaction. A crash before it leaves the transitions after the checkpoint,
 * collected at the next start; one after it leaves the deliveries queued.
 * Events and deliveries never depend on the analytics: a rebuild sends nothing.
 */
export class WebhookOutbox {
  constructor(
    private readonly db: AlertsDatabase,
    private readonly store: EventStore,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly now: () => Date,
    /** Told when deliveries were queued, so they go out at once. */
    private readonly onQueued: () => void = () => undefined,
  ) {}

  /** Queues deliveries for the org's transitions not collected yet; returns how many were queued. */
  async collect(orgId: string): Promise<number> {
    const checkpoint = this.db.prepare<[string], { revision: number }>(CHECKPOINT_SQL).get(orgId);
    // Nobody ever subscribed to this org: nothing to deliver, nothing to remember.
    if (!checkpoint) return 0;
    const events: StoredEvent[] = [];
    for await (const stored of this.store.readStream(alertStreamId(orgId), checkpoint.revision + 1)) events.push(stored);
    if (events.length === 0) return 0;
    const subscriptions = this.subscriptions.activeWithSecrets(orgId);
    const now = this.now();
    const queue = this.db.prepare(QUEUE_SQL);
    const queued = this.db.transaction(() => {
      let count = 0;
      for (const stored of events) {
        const event = ALERT_STREAM.read(stored);
        for (const subscription of subscriptions) {
          if (stored.revision <= subscription.afterRevision || !subscription.rules.includes(event.data.rule)) continue;
          const deliveryId = randomUUID();
          const body: WebhookBody = {
            deliveryId,
            subscriptionId: subscription.subscriptionId,
            orgId,
            sequence: stored.revision,
            event: { eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, data: outgoingData(event.data) },
          };
          const { changes } = queue.run(
            deliveryId,
            subscription.subscriptionId,
            orgId,
            event.eventId,
            event.type,
            event.data.alertId,
            JSON.stringify(body),
            now.getTime(),
            now.toISOString(),
          );
          count += changes;
        }
      }
      this.db.prepare(ADVANCE_SQL).run(events.at(-1)!.revision, orgId);
      return count;
    })();
    if (queued > 0) this.onQueued();
    return queued;
  }

  /** Collects every subscribed org: at start, for transitions recorded just before a crash. */
  async collectAll(): Promise<void> {
    for (const { org_id } of this.db.prepare<[], { org_id: string }>(ORGS_SQL).all()) await this.collect(org_id);
  }
}
