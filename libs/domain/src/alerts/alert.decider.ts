import { createHash } from 'node:crypto';
import type { AlertEvent, EventOf } from '../events.js';
import { RuleViolation } from '../rule-violation.js';
import { ALERT_RULES, type AlertRule, type AlertSignal } from './alert.schema.js';
import { alertKey, initialAlertsState, type AlertsState, type AlertView } from './alert.state.js';

/** A rule found holding for a subject at an evaluation, with the signals that fired. */
export interface AlertFinding {
  rule: AlertRule;
  subjectId: string;
  signals: AlertSignal[];
}

export type AlertCommand =
  | {
      /** The rules were evaluated at `at`: these findings hold, and nothing else does. */
      type: 'ReconcileAlerts';
      orgId: string;
      at: string;
      findings: AlertFinding[];
    }
  | {
      type: 'AcknowledgeAlert';
      orgId: string;
      at: string;
      alertId: string;
      /** The authenticated caller: the person they act as, else their key or token's subject. */
      by: string;
      /** The person the caller acts as, when bound to one. */
      byPersonId?: string;
      note?: string;
    };

/**
 * A UUID (version 8, RFC 9562) from a hash of its parts. Ids are a function of
 * the command, so deciding stays pure, and recording the same decision twice
 * (a retry after a crash) is refused by the store as a duplicate event id.
 */
function uuidOf(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lifecycleEvent<T extends AlertEvent['type']>(type: T, orgId: string, at: string, data: EventOf<T>['data']): EventOf<T> {
  return {
    eventId: uuidOf(type, data.alertId, at),
    type,
    orgId,
    occurredAt: at,
    recordedAt: at,
    schemaVersion: 1,
    data,
    metadata: { source: 'alerts' },
  } as EventOf<T>;
}

function requireInOrder(state: AlertsState, at: string): void {
  if (!(Date.parse(at) >= state.lastAt)) {
    throw new RuleViolation(
      'ALERT.OUT_OF_ORDER',
      `${at} is before the org's last alert transition (${new Date(state.lastAt).toISOString()})`,
      'at',
    );
  }
}

const ruleOrder = (rule: AlertRule) => ALERT_RULES.indexOf(rule);
const sameSignals = (a: AlertSignal[], b: AlertSignal[]) => JSON.stringify(a) === JSON.stringify(b);

function reconcile(command: Extract<AlertCommand, { type: 'ReconcileAlerts' }>, state: AlertsState): AlertEvent[] {
  const { orgId, at } = command;
  requireInOrder(state, at);
  const findings = [...command.findings].sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule) || a.subjectId.localeCompare(b.subjectId));
  const found = new Set<string>();
  const events: AlertEvent[] = [];
  for (const { rule, subjectId, signals } of findings) {
    const key = alertKey(rule, subjectId);
    if (found.has(key)) throw new RuleViolation('ALERT.TWICE_IN_ONE_EVALUATION', `${rule} for ${subjectId} was found twice at ${at}`);
    found.add(key);
    const openId = state.openByKey.get(key);
    if (openId === undefined) {
      events.push(lifecycleEvent('AlertOpened', orgId, at, { alertId: uuidOf(orgId, rule, subjectId, at), rule, subjectId, signals }));
    } else if (!sameSignals(state.alerts.get(openId)!.signals, signals)) {
      events.push(lifecycleEvent('AlertUpdated', orgId, at, { alertId: openId, rule, subjectId, signals }));
    }
  }
  const stopped = [...state.openByKey].filter(([key]) => !found.has(key)).sort(([a], [b]) => a.localeCompare(b));
  for (const [, alertId] of stopped) {
    const { rule, subjectId } = state.alerts.get(alertId)!;
    events.push(lifecycleEvent('AlertResolved', orgId, at, { alertId, rule, subjectId }));
  }
  return events;
}

function acknowledge(command: Extract<AlertCommand, { type: 'AcknowledgeAlert' }>, state: AlertsState): AlertEvent[] {
  const { orgId, at, alertId, by, byPersonId, note } = command;
  const alert = state.alerts.get(alertId);
  if (!alert) throw new RuleViolation('ALERT.NOT_FOUND', `org ${orgId} has no alert ${alertId}`, 'alertId');
  // An acknowledgement says someone responsible has seen it: the person it is about cannot close their own alert.
  if (byPersonId !== undefined && byPersonId === alert.subjectId) {
    throw new RuleViolation(
      'ALERT.SUBJECT_CANNOT_ACKNOWLEDGE',
      `alert ${alertId} is about ${alert.subjectId}, who cannot acknowledge it`,
      'alertId',
    );
  }
  if (alert.status === 'resolved')
    throw new RuleViolation('ALERT.RESOLVED', `alert ${alertId} was resolved at ${alert.resolvedAt}`, 'alertId');
  if (alert.acknowledged) {
    throw new RuleViolation(
      'ALERT.ALREADY_ACKNOWLEDGED',
      `alert ${alertId} was acknowledged by ${alert.acknowledged.by} at ${alert.acknowledged.at}`,
      'alertId',
    );
  }
  requireInOrder(state, at);
  const { rule, subjectId } = alert;
  return [lifecycleEvent('AlertAcknowledged', orgId, at, { alertId, rule, subjectId, by, ...(note === undefined ? {} : { note }) })];
}

/** The alert lifecycle of alerts.md: what an evaluation or an acknowledgement records, given the org's alerts so far. */
export function decideAlerts(command: AlertCommand, state: AlertsState): AlertEvent[] {
  switch (command.type) {
    case 'ReconcileAlerts':
      return reconcile(command, state);
    case 'AcknowledgeAlert':
      return acknowledge(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unhandled alert command ${JSON.stringify(exhaustive)}`);
    }
  }
}

function opened(event: EventOf<'AlertOpened'>): AlertView {
  const { alertId, rule, subjectId, signals } = event.data;
  return {
    alertId,
    orgId: event.orgId,
    rule,
    subjectId,
    status: 'open',
    openedAt: event.occurredAt,
    updatedAt: event.occurredAt,
    resolvedAt: null,
    acknowledged: null,
    signals,
    signalsAt: event.occurredAt,
    history: [],
  };
}

/** Folds one lifecycle event into the state, in place (an org's alert history is folded on every read). */
export function evolveAlerts(state: AlertsState, event: AlertEvent): AlertsState {
  const alert = event.type === 'AlertOpened' ? opened(event) : state.alerts.get(event.data.alertId);
  if (!alert) throw new Error(`${event.type} ${event.eventId} names alert ${event.data.alertId}, which was never opened`);
  switch (event.type) {
    case 'AlertOpened':
      state.alerts.set(alert.alertId, alert);
      state.openByKey.set(alertKey(alert.rule, alert.subjectId), alert.alertId);
      break;
    case 'AlertUpdated':
      alert.signals = event.data.signals;
      alert.signalsAt = event.occurredAt;
      break;
    case 'AlertAcknowledged':
      alert.status = 'acknowledged';
      alert.acknowledged = { by: event.data.by, note: event.data.note ?? null, at: event.occurredAt };
      break;
    case 'AlertResolved':
      alert.status = 'resolved';
      alert.resolvedAt = event.occurredAt;
      state.openByKey.delete(alertKey(alert.rule, alert.subjectId));
      break;
    default: {
      const exhaustive: never = event;
      throw new Error(`unhandled alert event ${JSON.stringify(exhaustive)}`);
    }
  }
  alert.updatedAt = event.occurredAt;
  alert.history.push(event);
  state.lastAt = Math.max(state.lastAt, Date.parse(event.occurredAt));
  return state;
}

export const alertDecider = { decide: decideAlerts, evolve: evolveAlerts, initialState: initialAlertsState };
