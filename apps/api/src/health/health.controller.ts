import { Controller, Get, Inject, Res } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache } from '@orghealth/ingest';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';
import { OrgStateWarmUp } from '../engine/org-state-warm-up.js';
import { Public } from '../security/access.js';
import { Readiness } from './readiness.js';

export const Health = z
  .object({
    ready: z.boolean().meta({ description: 'false while start-up work (loading the demo org) runs' }),
    eventStore: z.object({
      kind: z.enum(['sqlite', 'eventstoredb']),
      headPosition: z.int().meta({ description: 'Position of the last recorded event (0 when empty)' }),
    }),
    analytics: z.object({
      mode: z.enum(['embedded', 'server']),
      ready: z.boolean().meta({ description: 'false while ClickHouse is unreachable or migrating: metric reads answer 503' }),
      lastError: z.string().nullable(),
    }),
    writeModel: z.object({
      loadedOrgs: z.int().meta({ description: 'Orgs whose write model (the state commands are decided on) is in memory' }),
      warmingUp: z.boolean().meta({ description: 'true while orgs are being loaded in the background (after a start, or one the projector has just met); a request on such an org waits for it' }),
    }),
    projector: z.object({
      mode: z.enum(['inline', 'external']),
      checkpoint: z.int().nullable().meta({ description: 'Global position up to which every event is in the analytics' }),
      lag: z.int().nullable().meta({ description: 'Events recorded but not yet in the analytics: wait for 0 (or checkpoint ≥ a write\'s position) to read your writes' }),
      deadLetters: z.int().nullable().meta({ description: 'Events the projector could not handle (see the dead_letters table)' }),
    }),
  });
export type Health = z.infer<typeof Health>;

const Pending = z.enum(['start-up', 'event-store', 'analytics', 'write-model']);

export const Liveness = z.object({ live: z.literal(true) });
export type Liveness = z.infer<typeof Liveness>;

export const ReadinessReport = z.object({
  ready: z.boolean(),
  waitingFor: z.array(Pending).meta({
    description:
      'What is not ready yet: start-up (loading the demo org), event-store (cannot be read), analytics (ClickHouse unreachable or migrating), write-model (orgs still loading after a start)',
  }),
});
export type ReadinessReport = z.infer<typeof ReadinessReport>;

/**
 * /health for people and dashboards, with the detail; /health/live and /health/ready for orchestrators.
 * Liveness says only that the process answers, so a slow ClickHouse never gets the engine restarted;
 * readiness takes it out of the load balancer while anything a request needs is missing.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    private readonly analytics: AnalyticsRuntime,
    @Inject(CONFIG) private readonly config: Config,
    private readonly orgStates: OrgStateCache,
    private readonly warmUp: OrgStateWarmUp,
  ) {}

  @Get()
  @Public()
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

  @Get('live')
  @Public()
  live(): Liveness {
    return { live: true };
  }

  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const [storeReadable, analytics] = await Promise.all([
      this.store.headPosition().then(
        () => true,
        () => false,
      ),
      this.analytics.status(),
    ]);
    const waitingFor = Pending.options.filter((part) => {
      switch (part) {
        case 'start-up':
          return !this.readiness.ready;
        case 'event-store':
          return !storeReadable;
        case 'analytics':
          return !analytics.ready;
        case 'write-model':
          return !this.warmUp.loaded;
      }
    });
    if (waitingFor.length > 0) void reply.status(503);
    return { ready: waitingFor.length === 0, waitingFor };
  }
}
