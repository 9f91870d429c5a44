import {
  decideAlerts,
  evolveAlerts,
  initialAlertsState,
  parseStoredAlertEvent,
  type AlertCommand,
  type AlertEvent,
  type AlertsState,
} from '@orghealth/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore } from '@orghealth/event-store';
import { StreamRunner, type StreamModel } from '@orghealth/write-model';

/** Each org's alert lifecycle is a stream of its own, next to the org's facts. */
export const alertStreamId = (orgId: string) => `alerts-${orgId}`;

/** The alert lifecycle as the write pipeline runs it (small streams: a transition per alert change). */
export const ALERT_STREAM: StreamModel<AlertsState, AlertEvent> = {
  streamId: alertStreamId,
  initialState: initialAlertsState,
  evolve: (state, event) => void evolveAlerts(state, event),
  read: parseStoredAlertEvent,
  lostRace: (error) => error instanceof WrongExpectedRevisionError,
};

/**
 * The alerts of every org, through the same pipeline as the org's facts:
 * folded from their streams and caught up before each use, decided on the
 * caught-up state, appended with its revision; a lost race folds again and
 * decides again.
 */
export class AlertLog {
  private readonly runner: StreamRunner<AlertsState, AlertEvent>;

  constructor(
    store: EventStore,
    /** Told after every append, with the org: the webhook outbox collects from the stream then. */
    private readonly onRecorded: (orgId: string) => void = () => undefined,
  ) {
    this.runner = new StreamRunner(store, ALERT_STREAM);
  }

  /** The org's alerts as recorded so far. */
  async state(orgId: string): Promise<AlertsState> {
    return (await this.runner.current(orgId)).state;
  }

  /**
   * Open (or acknowledged) alerts by rule over the orgs folded so far, without reading the store: every org
   * is evaluated on a schedule, which folds its alerts, so after one round this covers every org with alerts.
   */
  openByRule(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const state of this.runner.folded()) {
      for (const alertId of state.openByKey.values()) {
        const rule = state.alerts.get(alertId)!.rule;
        counts.set(rule, (counts.get(rule) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Decides `command` on the org's alerts and records what it asks for; returns the recorded events. */
  async record(command: AlertCommand): Promise<AlertEvent[]> {
    const { orgId } = command;
    try {
      const { outcome, appended } = await this.runner.run(orgId, (snapshot) => {
        const events = decideAlerts(command, snapshot.state);
        for (const event of events) ALERT_STREAM.evolve(snapshot.state, event);
        return { events, outcome: events };
      });
      if (appended) this.onRecorded(orgId);
      return outcome;
    } catch (error) {
      // The same decision recorded already (a retry after a crash): its ids are the command's, so nothing is new.
      if (error instanceof DuplicateEventIdError) return [];
      throw error;
    }
  }
}
