import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, PersonId } from '../envelope/ids.schema.js';

export const FeedbackGivenData = z.strictObject({
  feedbackId: EntityId,
  giverId: PersonId,
  receiverId: PersonId,
  kind: z.enum(['praise', 'constructive', 'coaching']),
  solicited: z.boolean(),
});

export const FeedbackGiven = envelopeSchema('FeedbackGiven', FeedbackGivenData);
