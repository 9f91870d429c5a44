import { AlertThresholds } from '@orghealth/alerts';
import { AlertRule, AlertSignal, PersonId } from '@orghealth/domain';
import { z } from 'zod';
import { AsOfQuery, OrgParams, PageQuery } from '../http/query.schemas.js';

export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);

export const AlertParams = OrgParams.extend({ alertId: z.uuid() });
export type AlertParams = z.infer<typeof AlertParams>;

export const EvaluateQuery = AsOfQuery;
export type EvaluateQuery = z.infer<typeof EvaluateQuery>;

export const AlertFindingSchema = z.object({ rule: AlertRule, subjectId: z.string(), signals: z.array(AlertSignal) });

export const EvaluationResponse = z.object({
  orgId: z.string(),
  asOf: z.iso.datetime(),
  thresholds: AlertThresholds,
  findings: z
    .array(AlertFindingSchema)
    .meta({ description: 'Every rule holding for a subject at asOf, with the signals that fired; nothing is recorded' }),
});

export const AlertListQuery = PageQuery.extend({
  status: AlertStatus.optional(),
  rule: AlertRule.optional(),
  subject: PersonId.optional().meta({ description: 'Only alerts about this person' }),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

export const AlertSummary = z.object({
  alertId: z.uuid(),
  rule: AlertRule,
  subjectId: z.string(),
  status: AlertStatus,
  openedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().meta({ description: 'The last transition' }),
  resolvedAt: z.iso.datetime().nullable(),
  acknowledged: z.object({ by: z.string(), note: z.string().nullable(), at: z.iso.datetime() }).nullable(),
  signals: z.array(AlertSignal).meta({ description: 'The signals that fired at signalsAt, with the measured values and thresholds' }),
  signalsAt: z.iso.datetime(),
});

export const AlertListResponse = z.object({
  orgId: z.string(),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
  alerts: z.array(AlertSummary),
});

export const AlertDetail = AlertSummary.extend({
  evidence: z.object({
    asOf: z.iso.datetime().meta({ description: 'The evaluation the signals are from' }),
    signals: z.array(AlertSignal),
    links: z.object({
      managerMetrics: z.string().meta({ description: "The subject's metrics at that instant; its default windows are the rules' windows" }),
      evaluation: z.string().meta({ description: 'Every rule for every manager at that instant' }),
    }),
  }),
  history: z.array(
    z.object({ eventId: z.uuid(), type: z.string(), occurredAt: z.iso.datetime(), data: z.record(z.string(), z.unknown()) }),
  ),
});

export const AcknowledgeBody = z.strictObject({
  // Named so that a client still sending it learns why it is refused, instead of an unknown key.
  by: z.never({ error: 'who acknowledges is the authenticated caller, not a field of the body' }).optional(),
  note: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .meta({ description: 'Sealed with the key of the person the alert is about: erasing them erases it' }),
});
export type AcknowledgeBody = z.infer<typeof AcknowledgeBody>;

export const AlertSettingsResponse = z.object({ orgId: z.string(), thresholds: AlertThresholds });
