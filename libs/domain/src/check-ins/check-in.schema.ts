import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, PersonId } from '../envelope/ids.schema.js';

export const CheckInHeldData = z.strictObject({
  checkInId: EntityId,
  leaderId: PersonId,
  reportId: PersonId,
  durationMinutes: z.int().min(1).max(480),
  planIds: z.array(EntityId).optional(),
  progress: z.enum(['on_track', 'at_risk', 'off_track']).optional(),
});

export const CheckInHeld = envelopeSchema('CheckInHeld', CheckInHeldData);
