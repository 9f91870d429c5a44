import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Config } from '@orghealth/config';
import { RecordOrgEventsHandler } from '@orghealth/write-model';
import { RebuildController } from './admin/rebuild.controller.js';
import { AlertSettingsController } from './alerts/alert-settings.controller.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { EngineModule } from './engine/engine.module.js';
import { EventsController } from './events/events.controller.js';
import { ImportController } from './events/import.controller.js';
import { HealthController } from './health/health.controller.js';
import { Readiness } from './health/readiness.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { OrgChartController } from './org-chart/org-chart.controller.js';
import { PersonalDataController } from './privacy/erasure/personal-data.controller.js';
import { OrgSettingsController } from './privacy/org-settings.controller.js';
import { SecurityModule } from './security/security.module.js';
import { SqlController } from './sql/sql.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), EngineModule.forRoot(config), SecurityModule.forRoot(config), AlertsModule, ObservabilityModule],
      controllers: [
        EventsController,
        ImportController,
        OrgChartController,
        HealthController,
        SqlController,
        RebuildController,
        MetricsController,
        OrgSettingsController,
        PersonalDataController,
        AlertsController,
        AlertSettingsController,
        WebhooksController,
      ],
      providers: [RecordOrgEventsHandler, Readiness],
    };
  }
}
