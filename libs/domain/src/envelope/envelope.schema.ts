import { z } from 'zod';
import { Instant, OrgId, PersonId } from './ids.schema.js';
import { personal } from './personal-data.js';

/**
 * A machine token: printable ASCII, no spaces. Metadata is for ids, not prose: free text there would be
 * personal data no erasure could find, so it is refused.
 */
const Token = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'must be a token (printable ASCII, no spaces): metadata holds ids, not free text');

export const EventMetadata = z
  .strictObject({
    source: Token(64).optional(),
    correlationId: Token(128).optional(),
    causationId: Token(128).optional(),
    // Who acted is a person: sealed with their own key, so erasing them erases it too.
    actorId: personal(PersonId.meta({ description: 'The person who acted' }), 'actorId').optional(),
  })
  .meta({ description: 'Who sent the event and why; never used by the rules' });

/** The envelope every event arrives in, from the API, an import or the CLI. */
export function envelopeSchema<T extends string, D extends z.ZodObject>(type: T, data: D) {
  return z.strictObject({
    eventId: z.uuid({ error: 'eventId must be a UUID' }),
    type: z.literal(type),
    orgId: OrgId,
    occurredAt: Instant,
    schemaVersion: z.int().min(1),
    data,
    metadata: EventMetadata.optional(),
    recordedAt: z.never({ error: 'recordedAt is set by the engine, never by the sender' }).optional(),
  });
}

/** An event as the store holds it: the envelope plus the engine's `recordedAt`. */
export type Recorded<E extends { type: string }> = E extends unknown ? Omit<E, 'recordedAt'> & { recordedAt: string } : never;
