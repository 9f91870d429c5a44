import { Controller, Get, Inject, Res } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { EventStore } from '@orghealth/event-store';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { EVENT_STORE } from '../engine/engine.module.js';
import { OrgStateWarmUp } from '../engine/org-state-warm-up.js';
import { Public } from '../security/access.js';
import { Readiness } from './readiness.js';

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
 * The probes an orchestrator polls, without credentials. Liveness says only that the process answers, so a
 * slow ClickHouse never gets the engine restarted; readiness takes it out of the load balancer while
 * anything a request needs is missing.
 */
@Controller('health')
export class ProbesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    private readonly analytics: AnalyticsRuntime,
    private readonly warmUp: OrgStateWarmUp,
  ) {}

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
