import { setTimeout as delay } from 'node:timers/promises';
import { decideAlerts, evolveAlerts, initialAlertsState, upcastStored, type AlertCommand, type AlertEvent, type AlertsState } from '@orghealth/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore, type StoredEvent } from '@orghealth/event-store';

/** Each org's alert lifecycle is a stream of its own, next to the org's facts. */
export const alertStreamId = (orgId: string) => `alerts-${orgId}`;

export const toAlertEvent = (stored: StoredEvent): AlertEvent => upcastStored(stored as unknown as AlertEvent);

interface Snapshot {
  state: AlertsState;
  revision: number;
}

const MAX_TRIES = 5;

/**
 * The alerts of every org, folded from their streams and caught up before
 * each use (small streams: a transition per alert change). Recording decides
 * on the caught-up state and appends with its revision; losing a race with
 * another writer refolds and decides again, like the org writer.
 */
export class AlertLog {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    /** Told after every append, with the org: the webhook outbox collects from the stream then. */
    private readonly onRecorded: (orgId: string) => void = () => undefined,
  ) {}

  /** The org's alerts as recorded so far. */
  state(orgId: string): Promise<AlertsState> {
    return this.exclusive(orgId, async () => (await this.catchUp(orgId)).state);
  }

  /**
   * Open (or acknowledged) alerts by rule over the orgs folded so far, without reading the store: every org
   * is evaluated on a schedule, which folds its alerts, so after one round this covers every org with alerts.
   */
  openByRule(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { state } of this.snapshots.values()) {
      for (const alertId of state.openByKey.values()) {
        const rule = state.alerts.get(alertId)!.rule;
        counts.set(rule, (counts.get(rule) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Decides `command` on the org's alerts and records what it asks for; returns the recorded events. */
  record(command: AlertCommand): Promise<AlertEvent[]> {
    const { orgId } = command;
    return this.exclusive(orgId, async () => {
      for (let attempt = 1; ; attempt++) {
        const snapshot = await this.catchUp(orgId);
        const events = decideAlerts(command, snapshot.state);
        if (events.length === 0) return events;
        try {
          await this.store.append(alertStreamId(orgId), events, snapshot.revision);
        } catch (error) {
          // The same decision recorded already (a retry after a crash): its ids are the command's, so nothing is new.
          if (error instanceof DuplicateEventIdError) return [];
          if (!(error instanceof WrongExpectedRevisionError) || attempt === MAX_TRIES) throw error;
          await delay(10 * attempt * Math.random());
          continue;
        }
        await this.catchUp(orgId);
        this.onRecorded(orgId);
        return events;
      }
    });
  }

  private exclusive<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(orgId) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(orgId, tail);
    void tail.then(() => {
      if (this.tails.get(orgId) === tail) this.tails.delete(orgId);
    });
    return run;
  }

  private async catchUp(orgId: string): Promise<Snapshot> {
    let snapshot = this.snapshots.get(orgId);
    if (!snapshot) this.snapshots.set(orgId, (snapshot = { state: initialAlertsState(), revision: -1 }));
    for await (const stored of this.store.readStream(alertStreamId(orgId), snapshot.revision + 1)) {
      evolveAlerts(snapshot.state, toAlertEvent(stored));
      snapshot.revision = stored.revision;
    }
    // Orgs without alerts are not remembered: probing ids must not grow the cache.
    if (snapshot.revision === -1) this.snapshots.delete(orgId);
    return snapshot;
  }
}
