import type { AlertEvent } from '../events.js';
import type { AlertRule, AlertSignal } from './alert.schema.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/** One alert as its lifecycle events leave it. */
export interface AlertView {
  alertId: string;
  orgId: string;
  rule: AlertRule;
  subjectId: string;
  /** open: the rule holds; acknowledged: it still holds and someone has seen it; resolved: it stopped holding. */
  status: AlertStatus;
  openedAt: string;
  /** The instant of the last transition. */
  updatedAt: string;
  resolvedAt: string | null;
  acknowledged: { by: string; note: string | null; at: string } | null;
  /** The signals of the last evaluation that changed them, and its instant: the evidence. */
  signals: AlertSignal[];
  signalsAt: string;
  history: AlertEvent[];
}

/** The alerts of one org, folded from its alerts stream. */
export interface AlertsState {
  alerts: Map<string, AlertView>;
  /** `rule|subjectId` → the open (or acknowledged) alert: at most one per pair. */
  openByKey: Map<string, string>;
  /** Epoch ms of the latest transition: the lifecycle only moves forward in time. */
  lastAt: number;
}

export const initialAlertsState = (): AlertsState => ({ alerts: new Map(), openByKey: new Map(), lastAt: Number.NEGATIVE_INFINITY });

export const alertKey = (rule: AlertRule, subjectId: string) => `${rule}|${subjectId}`;
