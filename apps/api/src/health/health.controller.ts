import { Controller, Get, Inject } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { EventStore } from '@orghealth/event-store';
import { z } from 'zod';
import { EVENT_STORE } from '../engine/engine.module.js';
import { Public } from '../security/access.js';
import { Readiness } from './readiness.js';

export const Health = z
  .object({
    ready: z.boolean().meta({ description: 'false while start-up work (loading the demo org) runs' }),
    eventStore: z.object({
      kind: z.literal('sqlite'),
      headPosition: z.int().meta({ description: 'Position of the last recorded event (0 when empty)' }),
    }),
    analytics: z.object({
      mode: z.enum(['embedded', 'server']),
      ready: z.boolean().meta({ description: 'false while ClickHouse is unreachable or migrating: metric reads answer 503' }),
      lastError: z.string().nullable(),
    }),
    projector: z.object({
      mode: z.enum(['inline', 'external']),
      checkpoint: z.int().nullable().meta({ description: 'Global position up to which every event is in the analytics' }),
      lag: z.int().nullable().meta({ description: 'Events recorded but not yet in the analytics: wait for 0 (or checkpoint ≥ a write\'s position) to read your writes' }),
      deadLetters: z.int().nullable().meta({ description: 'Events the projector could not handle (see the dead_letters table)' }),
    }),
  });
export type Health = z.infer<typeof Health>;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    private readonly analytics: AnalyticsRuntime,
  ) {}

  @Get()
  @Public()
  async health(): Promise<Health> {
    const [headPosition, analytics] = await Promise.all([this.store.headPosition(), this.analytics.status()]);
    const { checkpoint, deadLetters, mode } = analytics.projector;
    return {
      ready: this.readiness.ready,
      eventStore: { kind: 'sqlite', headPosition },
      analytics: { mode: analytics.mode, ready: analytics.ready, lastError: analytics.lastError },
      projector: { mode, checkpoint, lag: checkpoint === null ? null : headPosition - checkpoint, deadLetters },
    };
  }
}
