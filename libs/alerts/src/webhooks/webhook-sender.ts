import { channel } from 'node:diagnostics_channel';
import { backoffMs } from '@orghealth/retry';
import type { AlertsDatabase } from '../alerts-database.js';
import { pinnedPost, systemResolve, type Resolve } from './pinned-post.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './webhook-signature.js';

export interface WebhookSenderOptions {
  /** Tries per delivery, the first included; then it is marked failed. */
  maxAttempts: number;
  /** Backoff before retry n (n ≥ 1) is about base × 2^(n−1), capped at max, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A receiver slower than this to answer counts as a failed attempt. */
  timeoutMs: number;
  /** How often due deliveries are looked for when nothing woke the sender up. */
  pollMs: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Loopback, private and link-local receivers allowed (on premises); metadata addresses never are. */
  allowPrivateTargets: boolean;
  now: () => Date;
  random: () => number;
  /** Why a try failed, for the server's log only. */
  log: (message: string) => void;
  /** Host name resolution; tests inject their own resolver here, the engine uses the system's. */
  resolve?: Resolve;
}

interface DueRow {
  delivery_id: string;
  event_type: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

// Pending deliveries whose time has come, oldest first; a delivery of a deleted subscription was cancelled with it.
const DUE_SQL = `SELECT d.delivery_id, d.event_type, d.body, d.attempts, s.url, s.secret
  FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id
  WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.delivery_id NOT IN (SELECT value FROM json_each(?))
  ORDER BY d.next_attempt_at, d.rowid LIMIT ?`;
const ATTEMPT_SQL = 'INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)';
const DELIVERED_SQL =
  "UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, last_error = NULL, finished_at = ? WHERE delivery_id = ? AND status = 'pending'";
const RETRY_SQL =
  "UPDATE webhook_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE delivery_id = ? AND status = 'pending'";
const FAILED_SQL =
  "UPDATE webhook_deliveries SET status = 'failed', attempts = ?, last_error = ?, finished_at = ? WHERE delivery_id = ? AND status = 'pending'";

/** One try of a delivery: delivered, to be retried, or failed for good after the last try. */
export interface WebhookAttempt {
  outcome: 'delivered' | 'retry' | 'failed';
}

/** Every try of every delivery, for the operator's metrics. */
export const webhookAttemptChannel = channel('orghealth.webhooks.attempt');

type Outcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/** Jitter over the upper half: retries of many deliveries spread out instead of arriving together. */
export function retryDelayMs(
  retry: number,
  { retryBaseMs, retryMaxMs, random }: Pick<WebhookSenderOptions, 'retryBaseMs' | 'retryMaxMs' | 'random'>,
): number {
  return backoffMs(retry, { firstMs: retryBaseMs, maxMs: retryMaxMs, jitter: 0.5 }, random);
}

/**
 * What a delivery record says of a try that got no HTTP answer. Deliveries are read by org admins, who choose
 * the URL: "refused", "reset" or "timed out" per address and port would make the engine their port scanner.
 * The reason goes to the server log.
 */
export const NO_ANSWER = 'failed';

/**
 * Sends the outbox's due deliveries: POST of the stored body, signed, with
 * its delivery id, to an address the target policy allows (webhook-target.ts). Every try is recorded. A 2xx marks it delivered; anything
 * else (a status, a redirect, a refused target or connection, a timeout) schedules a retry with
 * backoff until maxAttempts, then marks it failed. A delivery interrupted by a
 * crash is still pending and goes out again after the restart, under the
 * same delivery id: receivers dedupe on it (at least once, never lost).
 */
export class WebhookSender {
  private readonly inFlight = new Set<string>();
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: AlertsDatabase,
    private readonly options: WebhookSenderOptions,
  ) {}

  start(): void {
    this.wake();
  }

  /** Looks for due deliveries now. */
  wake(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const free = this.options.concurrency - this.inFlight.size;
    if (free > 0) {
      const due = this.db
        .prepare<[number, string, number], DueRow>(DUE_SQL)
        .all(this.options.now().getTime(), JSON.stringify([...this.inFlight]), free);
      for (const row of due) this.send(row);
    }
    this.timer = setTimeout(() => this.wake(), this.options.pollMs);
  }

  /** Stops sending, aborting requests in flight: those deliveries stay pending, as a crash would leave them, so a stop never waits on a slow receiver. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.sending]);
  }

  private send(row: DueRow): void {
    this.inFlight.add(row.delivery_id);
    const sending = this.attempt(row).finally(() => {
      this.inFlight.delete(row.delivery_id);
      this.sending.delete(sending);
      // A freed slot is used at once rather than at the next poll.
      if (!this.closed) this.wake();
    });
    this.sending.add(sending);
  }

  private async attempt(row: DueRow): Promise<void> {
    const started = Date.now();
    const outcome = await this.post(row);
    if (this.closed) return;
    const attempt = row.attempts + 1;
    const now = this.options.now();
    const error = outcome.ok ? null : outcome.error;
    this.db.transaction(() => {
      this.db.prepare(ATTEMPT_SQL).run(row.delivery_id, attempt, now.toISOString(), outcome.statusCode, error, Date.now() - started);
      if (outcome.ok) this.db.prepare(DELIVERED_SQL).run(attempt, now.toISOString(), row.delivery_id);
      else if (attempt >= this.options.maxAttempts) this.db.prepare(FAILED_SQL).run(attempt, error, now.toISOString(), row.delivery_id);
      else this.db.prepare(RETRY_SQL).run(attempt, error, now.getTime() + retryDelayMs(attempt, this.options), row.delivery_id);
    })();
    if (webhookAttemptChannel.hasSubscribers) {
      const result = outcome.ok ? 'delivered' : attempt >= this.options.maxAttempts ? 'failed' : 'retry';
      webhookAttemptChannel.publish({ outcome: result } satisfies WebhookAttempt);
    }
  }

  private async post(row: DueRow): Promise<Outcome> {
    try {
      const statusCode = await pinnedPost({
        url: row.url,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(row.secret, row.body),
          [DELIVERY_HEADER]: row.delivery_id,
          [EVENT_HEADER]: row.event_type,
          'user-agent': 'orghealth-webhooks',
        },
        body: row.body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]),
        policy: { allowPrivate: this.options.allowPrivateTargets },
        resolve: this.options.resolve ?? systemResolve,
      });
      if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
      return { ok: false, statusCode, error: `HTTP ${statusCode}` };
    } catch (error) {
      if (!this.closed) this.options.log(`webhook delivery ${row.delivery_id} to ${row.url} failed: ${describe(error)}`);
      return { ok: false, statusCode: null, error: NO_ANSWER };
    }
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  return error instanceof Error ? `${error.name}${code ? ` ${code}` : ''}: ${error.message}` : String(error);
}
