import { Module } from '@nestjs/common';
import { AlertsEngine } from '@orghealth/alerts';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache } from '@orghealth/write-model';
import { AlertsModule } from '../alerts/alerts.module.js';
import { EVENT_STORE } from '../engine/engine.module.js';
import { EngineMetrics } from './engine-metrics.js';
import { MetricsServer } from './metrics-server.js';
import { PrometheusController } from './prometheus.controller.js';

/** Prometheus metrics: the registry, GET /metrics, and the metrics port when one is set. */
@Module({
  imports: [AlertsModule],
  controllers: [PrometheusController],
  providers: [
    {
      provide: EngineMetrics,
      inject: [EVENT_STORE, AnalyticsRuntime, OrgStateCache, AlertsEngine],
      useFactory: (store: EventStore, analytics: AnalyticsRuntime, orgStates: OrgStateCache, alerts: AlertsEngine) =>
        new EngineMetrics({ store, analytics, orgStates, alerts }),
    },
    MetricsServer,
  ],
  exports: [EngineMetrics, MetricsServer],
})
export class ObservabilityModule {}
