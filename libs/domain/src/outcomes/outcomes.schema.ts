import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { EntityId, Instant, PersonId } from '../envelope/ids.schema.js';
import { FreeText, personal } from '../envelope/personal-data.js';

export const DecisionRight = z.enum(['approach', 'budget', 'hiring', 'scope']);
export type DecisionRight = z.infer<typeof DecisionRight>;

const distinct = <T>(items: T[]) => new Set(items).size === items.length;

export const OutcomeFramedData = z.strictObject({
  outcomeId: EntityId,
  leaderId: PersonId,
  title: personal(FreeText(500), 'leaderId'),
  successMeasures: personal(z.array(FreeText(500)).min(1, 'at least one success measure'), 'leaderId'),
  coCreatedWith: z.array(PersonId).refine(distinct, 'must not repeat a person'),
  dueBy: z.union([z.iso.date(), Instant]).optional(),
});

export const PlanDelegatedData = z.strictObject({
  planId: EntityId,
  outcomeId: EntityId,
  delegatorId: PersonId,
  ownerId: PersonId,
  decisionRights: z
    .array(DecisionRight)
    .min(1, 'a delegation hands over at least one decision right')
    .refine(distinct, 'must not repeat a decision right'),
  budgetLimit: z.number().nonnegative().optional(),
});

export const PlanReclaimedData = z.strictObject({
  planId: EntityId,
  byId: PersonId,
  reason: personal(FreeText(2000), 'byId').optional(),
});

export const PlanOverriddenData = z.strictObject({
  planId: EntityId,
  byId: PersonId,
  aspect: DecisionRight,
  note: personal(FreeText(2000), 'byId').optional(),
});

export const OutcomeFramed = envelopeSchema('OutcomeFramed', OutcomeFramedData);
export const PlanDelegated = envelopeSchema('PlanDelegated', PlanDelegatedData);
export const PlanReclaimed = envelopeSchema('PlanReclaimed', PlanReclaimedData);
export const PlanOverridden = envelopeSchema('PlanOverridden', PlanOverriddenData);
