import { Controller, Inject } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache } from '@orghealth/ingest';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';
import { OrgStateWarmUp } from '../engine/org-state-warm-up.js';
import { Health } from './health.schemas.js';
import { Readiness } from './readiness.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    private readonly analytics: AnalyticsRuntime,
    @Inject(CONFIG) private readonly config: Config,
    private readonly orgStates: OrgStateCache,
    private readonly warmUp: OrgStateWarmUp,
  ) {}

  @Route(API_ROUTES.getHealth)
  async health(): Promise<Health> {
    const [headPosition, analytics] = await Promise.all([this.store.headPosition(), this.analytics.status()]);
    const { checkpoint, deadLetters, mode } = analytics.projector;
    return {
      ready: this.readiness.ready,
      eventStore: { kind: this.config.eventStore.kind, headPosition },
      analytics: { mode: analytics.mode, ready: analytics.ready, lastError: analytics.lastError },
      writeModel: { loadedOrgs: this.orgStates.loadedOrgs, warmingUp: this.warmUp.inProgress },
      projector: { mode, checkpoint, lag: checkpoint === null ? null : headPosition - checkpoint, deadLetters },
    };
  }
}
