import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, PersonId } from '../envelope/ids.schema.js';
import { FreeText, personal } from '../envelope/personal-data.js';

export const ApprovalRequestedData = z.strictObject({
  requestId: EntityId,
  requesterId: PersonId,
  approverId: PersonId,
  topic: personal(FreeText(500), 'requesterId'),
});

export const ApprovalResolvedData = z.strictObject({
  requestId: EntityId,
  outcome: z.enum(['granted', 'declined']),
});

export const ApprovalRequested = envelopeSchema('ApprovalRequested', ApprovalRequestedData);
export const ApprovalResolved = envelopeSchema('ApprovalResolved', ApprovalResolvedData);
