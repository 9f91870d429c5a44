import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  alertEvaluationChannel,
  webhookAttemptChannel,
  type AlertEvaluationOutcome,
  type AlertsEngine,
  type WebhookAttempt,
} from '@orghealth/alerts';
import {
  analyticsFailureChannel,
  projectedBatchChannel,
  type AnalyticsFailure,
  type AnalyticsRuntime,
  type StoredBatch,
} from '@orghealth/analytics';
import { ALERT_RULES } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import {
  eventsCommittedChannel,
  importBatchChannel,
  type EventsCommitted,
  type ImportBatchCounts,
  type OrgStateCache,
} from '@orghealth/write-model';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The engine's parts the scrape-time gauges read. */
export interface MetricsSources {
  store: Pick<EventStore, 'headPosition'>;
  analytics: Pick<AnalyticsRuntime, 'status'>;
  orgStates: Pick<OrgStateCache, 'loadedOrgs'>;
  alerts: { log: Pick<AlertsEngine['log'], 'openByRule'> };
}

/** An HTTP request as the metrics see it: the route's pattern keeps the label set small. */
export interface ObservedRequest {
  method: string;
  route: string;
  statusCode: number;
  seconds: number;
}

// Senders name their own source: past this many distinct names, the rest share one label so a careless
// sender cannot grow the scrape without bound.
const MAX_SOURCES = 50;
const OTHER_SOURCE = 'other';
// The analysts' SQL endpoint: its requests are also counted as analyst queries, by what became of them.
const ANALYST_ROUTE = '/v1/sql';

const analystOutcome = (statusCode: number): string =>
  statusCode === 200
    ? 'ok'
    : statusCode === 503
      ? 'unavailable'
      : statusCode === 401 || statusCode === 403
        ? 'forbidden'
        : statusCode === 429
          ? 'rate_limited'
          : statusCode < 500
            ? 'refused'
            : 'failed';

/** A ClickHouse (or chDB) refusal carries ClickHouse's error type; anything else never reached it. */
const failureKind = (error: unknown): string =>
  typeof (error as { type?: unknown } | null)?.type === 'string' ? 'clickhouse' : 'unreachable';

/**
 * Every Prometheus metric of the API process in one registry. Counters move on the channels the libraries
 * publish to (no library knows of Prometheus); gauges are read from the engine at scrape time.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly sources = new Set<string>();
  private readonly http: Histogram<'method' | 'route' | 'status_code'>;
  private readonly analystQueries: Histogram<'outcome'>;
  private readonly subscriptions: [string, (message: unknown) => void][];

  constructor(engine: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'orghealth_http_request_duration_seconds',
      help: 'HTTP requests by route pattern and status, and how long they took',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.analystQueries = new Histogram({
      name: 'orghealth_analyst_query_duration_seconds',
      help: 'Analyst SQL queries (POST /v1/sql) by outcome, and how long they took',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers,
    });
    const events = new Counter({
      name: 'orghealth_events_recorded_total',
      help: 'Events committed to the store, by the source that sent them (metadata.source)',
      labelNames: ['source'],
      registers,
    });
    const importLines = new Counter({
      name: 'orghealth_import_lines_total',
      help: 'NDJSON import lines decided, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    const batches = new Histogram({
      name: 'orghealth_projector_batch_duration_seconds',
      help: 'Time to store one projected batch and its checkpoint, retries included',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const projected = new Counter({
      name: 'orghealth_projector_events_projected_total',
      help: 'Events this process projected into the analytics',
      registers,
    });
    const evaluations = new Counter({
      name: 'orghealth_alert_evaluations_total',
      help: "Evaluations of an org's alert rules, by outcome (changed, unchanged, skipped while the analytics catch up, failed)",
      labelNames: ['outcome'],
      registers,
    });
    const webhooks = new Counter({
      name: 'orghealth_webhook_delivery_attempts_total',
      help: 'Webhook delivery tries, by outcome (delivered, retry, failed for good)',
      labelNames: ['outcome'],
      registers,
    });
    const analyticsErrors = new Counter({
      name: 'orghealth_analytics_errors_total',
      help: 'Failed calls to ClickHouse or chDB, by call and kind (clickhouse: it refused; unreachable: it was not reached)',
      labelNames: ['operation', 'kind'],
      registers,
    });

    new Gauge({
      name: 'orghealth_projector_lag_events',
      help: 'Events recorded but not yet in the analytics (-1 while the analytics are unreachable)',
      registers,
      async collect() {
        const [head, status] = await Promise.all([engine.store.headPosition(), engine.analytics.status()]);
        this.set(status.projector.checkpoint === null ? -1 : head - status.projector.checkpoint);
      },
    });
    new Gauge({
      name: 'orghealth_analytics_ready',
      help: '1 when the analytics answer reads, 0 while ClickHouse is unreachable or migrating',
      registers,
      async collect() {
        this.set((await engine.analytics.status()).ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'orghealth_write_model_orgs_loaded',
      help: 'Orgs whose write model is in memory',
      registers,
      collect() {
        this.set(engine.orgStates.loadedOrgs);
      },
    });
    new Gauge({
      name: 'orghealth_alerts_open',
      help: 'Open or acknowledged alerts, by rule',
      labelNames: ['rule'],
      registers,
      collect() {
        const open = engine.alerts.log.openByRule();
        for (const rule of ALERT_RULES) this.set({ rule }, open.get(rule) ?? 0);
      },
    });

    this.subscriptions = [
      [
        eventsCommittedChannel.name as string,
        (message) => {
          for (const event of (message as EventsCommitted).events) events.inc({ source: this.sourceLabel(event.metadata?.source) });
        },
      ],
      [
        importBatchChannel.name as string,
        (message) => {
          for (const [outcome, lines] of Object.entries(message as ImportBatchCounts)) importLines.inc({ outcome }, lines);
        },
      ],
      [
        projectedBatchChannel.name as string,
        (message) => {
          const batch = message as StoredBatch;
          batches.observe(batch.seconds);
          projected.inc(batch.events);
        },
      ],
      [alertEvaluationChannel.name as string, (message) => evaluations.inc({ outcome: (message as AlertEvaluationOutcome).outcome })],
      [webhookAttemptChannel.name as string, (message) => webhooks.inc({ outcome: (message as WebhookAttempt).outcome })],
      [
        analyticsFailureChannel.name as string,
        (message) => {
          const failure = message as AnalyticsFailure;
          analyticsErrors.inc({ operation: failure.operation, kind: failureKind(failure.error) });
        },
      ],
    ];
    for (const [name, handler] of this.subscriptions) subscribe(name, handler);
  }

  observeRequest({ method, route, statusCode, seconds }: ObservedRequest): void {
    this.http.observe({ method, route, status_code: String(statusCode) }, seconds);
    if (route === ANALYST_ROUTE && method === 'POST') this.analystQueries.observe({ outcome: analystOutcome(statusCode) }, seconds);
  }

  /** The exposition text a scrape gets. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  /** Stops listening: a second app in the same process (tests) must not count into this one's registry. */
  close(): void {
    for (const [name, handler] of this.subscriptions) unsubscribe(name, handler);
    this.registry.clear();
  }

  private sourceLabel(source: string | undefined): string {
    const name = source ?? 'unnamed';
    if (this.sources.has(name)) return name;
    if (this.sources.size >= MAX_SOURCES) return OTHER_SOURCE;
    this.sources.add(name);
    return name;
  }
}
