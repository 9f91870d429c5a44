import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@orghealth/event-store';
import { z } from 'zod';
import { EVENT_STORE } from '../engine/engine.module.js';
import { Readiness } from './readiness.js';

export const Health = z
  .object({
    ready: z.boolean().meta({ description: 'false while start-up work (loading the demo org) runs' }),
    eventStore: z.object({
      kind: z.literal('sqlite'),
      headPosition: z.int().meta({ description: 'Position of the last recorded event (0 when empty)' }),
    }),
  });
export type Health = z.infer<typeof Health>;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
  ) {}

  @Get()
  async health(): Promise<Health> {
    return { ready: this.readiness.ready, eventStore: { kind: 'sqlite', headPosition: await this.store.headPosition() } };
  }
}
