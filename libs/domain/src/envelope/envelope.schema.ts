import { z } from 'zod';
import { Instant, OrgId } from './ids.schema.js';

export const EventMetadata = z
  .strictObject({
    source: z.string().min(1).max(64).optional(),
    correlationId: z.string().min(1).max(128).optional(),
    causationId: z.string().min(1).max(128).optional(),
    actorId: z.string().min(1).max(128).optional(),
  })
  .meta({ description: 'Who sent the event and why; never used by the rules' });

/** The envelope every event arrives in, from the API, an import or the CLI. */
export function envelopeSchema<T extends string, D extends z.ZodObject>(type: T, data: D) {
  return z
    .strictObject({
      eventId: z.uuid({ error: 'eventId must be a UUID' }),
      type: z.literal(type),
      orgId: OrgId,
      occurredAt: Instant,
      schemaVersion: z.int().min(1),
      data,
      metadata: EventMetadata.optional(),
      recordedAt: z.never({ error: 'recordedAt is set by the engine, never by the sender' }).optional(),
    })
    ;
}

/** An event as the store holds it: the envelope plus the engine's `recordedAt`. */
export type Recorded<E extends { type: string }> = E extends unknown ? Omit<E, 'recordedAt'> & { recordedAt: string } : never;
