import type { AlertsDatabase } from '../alerts-database.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  /** The receiver's HTTP status; null when there was no answer (refused, timed out). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  alertId: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next try is due, for a pending delivery. */
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  attemptLog: DeliveryAttempt[];
}

interface Row {
  delivery_id: string;
  event_id: string;
  event_type: string;
  alert_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

const COUNT_SQL = 'SELECT count(*) AS total FROM webhook_deliveries WHERE subscription_id = ? AND (? IS NULL OR status = ?)';
const PAGE_SQL = `SELECT * FROM webhook_deliveries WHERE subscription_id = ? AND (? IS NULL OR status = ?)
  ORDER BY rowid LIMIT ? OFFSET ?`;
const ATTEMPTS_SQL = `SELECT delivery_id, attempt, at, status_code AS statusCode, error, duration_ms AS durationMs
  FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id, attempt`;

/** Every delivery of a subscription, oldest first, with the record of each try. */
export function listDeliveries(
  db: AlertsDatabase,
  subscriptionId: string,
  { status, limit, offset }: { status?: DeliveryStatus; limit: number; offset: number },
): { total: number; deliveries: Delivery[] } {
  const filter = status ?? null;
  const { total } = db.prepare<[string, string | null, string | null], { total: number }>(COUNT_SQL).get(subscriptionId, filter, filter)!;
  const rows = db
    .prepare<[string, string | null, string | null, number, number], Row>(PAGE_SQL)
    .all(subscriptionId, filter, filter, limit, offset);
  const attempts = new Map<string, DeliveryAttempt[]>();
  for (const { delivery_id, ...attempt } of db
    .prepare<[string], DeliveryAttempt & { delivery_id: string }>(ATTEMPTS_SQL)
    .all(JSON.stringify(rows.map((row) => row.delivery_id)))) {
    const list = attempts.get(delivery_id) ?? [];
    list.push(attempt);
    attempts.set(delivery_id, list);
  }
  return {
    total,
    deliveries: rows.map((row) => ({
      deliveryId: row.delivery_id,
      eventId: row.event_id,
      eventType: row.event_type,
      alertId: row.alert_id,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
      lastError: row.last_error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      attemptLog: attempts.get(row.delivery_id) ?? [],
    })),
  };
}
