import { Controller, Inject, Res } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache } from '@orghealth/write-model';
import type { FastifyReply } from 'fastify';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';
import { OrgStateWarmUp } from '../engine/org-state-warm-up.js';
import { Health, PENDING_PARTS, type Liveness, type ReadinessReport } from './health.schemas.js';
import { Readiness } from './readiness.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/**
 * /health for people and dashboards, with the detail; /health/live and /health/ready for orchestrators.
 * Liveness says only that the process answers, so a slow ClickHouse never gets the engine restarted;
 * readiness takes it out of the load balancer while anything a request needs is missing.
 */
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
    const { checkpoint, deadLetters, mode, rebuild } = analytics.projector;
    return {
      ready: this.readiness.ready,
      eventStore: { kind: this.config.eventStore.kind, headPosition },
      analytics: { mode: analytics.mode, ready: analytics.ready, lastError: analytics.lastError },
      writeModel: { loadedOrgs: this.orgStates.loadedOrgs, warmingUp: this.warmUp.inProgress },
      projector: {
        mode,
        checkpoint,
        lag: checkpoint === null ? null : headPosition - checkpoint,
        deadLetters,
        ...(rebuild ? { rebuild: { projected: rebuild.projected, total: rebuild.total } } : {}),
      },
    };
  }

  @Route(API_ROUTES.getLiveness)
  live(): Liveness {
    return { live: true };
  }

  @Route(API_ROUTES.getReadiness)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const [storeReadable, analytics] = await Promise.all([
      this.store.headPosition().then(
        () => true,
        () => false,
      ),
      this.analytics.status(),
    ]);
    const pending: Record<(typeof PENDING_PARTS)[number], boolean> = {
      'start-up': !this.readiness.ready,
      'event-store': !storeReadable,
      analytics: !analytics.ready,
      'write-model': !this.warmUp.loaded,
    };
    const waitingFor = PENDING_PARTS.filter((part) => pending[part]);
    if (waitingFor.length > 0) void reply.status(503);
    return { ready: waitingFor.length === 0, waitingFor };
  }
}
