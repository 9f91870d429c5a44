import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, PersonId } from '../envelope/ids.schema.js';

export const SkipLevelDoneData = z.strictObject({
  meetingId: EntityId,
  leaderId: PersonId,
  reportId: PersonId,
  managerLoopedIn: z.boolean(),
});

export const SkipLevelDone = envelopeSchema('SkipLevelDone', SkipLevelDoneData);
