import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, PersonId } from '../envelope/ids.schema.js';

export const DecisionMadeData = z.strictObject({
  decisionId: EntityId,
  kind: z.enum(['hire', 'promotion', 'pay_change', 'termination']),
  subjectId: PersonId,
  deciderId: PersonId,
  approverIds: z.array(PersonId).refine((ids) => new Set(ids).size === ids.length, 'must not repeat a person'),
});

export const DecisionMade = envelopeSchema('DecisionMade', DecisionMadeData);
