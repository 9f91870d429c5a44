import { Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertsEngine, RecordAlertCommandHandler } from '@orghealth/alerts';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';

/** Starts evaluation and webhook delivery with the app; stops them before the event store closes. */
class AlertsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(AlertsEngine) private readonly alerts: AlertsEngine) {}

  onApplicationBootstrap(): void {
    this.alerts.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.alerts.close();
  }
}

@Module({
  providers: [
    {
      provide: AlertsEngine,
      inject: [CONFIG, EVENT_STORE, AnalyticsRuntime],
      useFactory: (config: Config, store: EventStore, analytics: AnalyticsRuntime) => {
        const logger = new Logger('alerts');
        return new AlertsEngine({ config, store, analytics, onError: (message) => logger.warn(message) });
      },
    },
    AlertsLifecycle,
    RecordAlertCommandHandler,
  ],
  exports: [AlertsEngine],
})
export class AlertsModule {}
