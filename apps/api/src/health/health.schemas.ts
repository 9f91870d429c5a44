import { z } from 'zod';

export const Health = z.object({
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
    warmingUp: z.boolean().meta({
      description:
        'true while orgs are being loaded in the background (after a start, or one the projector has just met); a request on such an org waits for it',
    }),
  }),
  projector: z.object({
    mode: z.enum(['inline', 'external']),
    checkpoint: z.int().nullable().meta({ description: 'Global position up to which every event is in the analytics' }),
    lag: z.int().nullable().meta({
      description: "Events recorded but not yet in the analytics: wait for 0 (or checkpoint ≥ a write's position) to read your writes",
    }),
    deadLetters: z.int().nullable().meta({ description: 'Events the projector could not handle (see the dead_letters table)' }),
    rebuild: z
      .object({
        projected: z.int().meta({ description: 'Global position the rebuild has replayed into its new tables so far' }),
        total: z.int().meta({ description: 'Position the replay must reach before the new tables are swapped in' }),
      })
      .optional()
      .meta({ description: 'Only while a rebuild runs; the metrics keep reading the live tables, which checkpoint and lag describe' }),
  }),
});
export type Health = z.infer<typeof Health>;

const Pending = z.enum(['start-up', 'event-store', 'analytics', 'write-model']);
export const PENDING_PARTS = Pending.options;

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
