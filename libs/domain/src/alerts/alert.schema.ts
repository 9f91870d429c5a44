import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { PersonId } from '../envelope/ids.schema.js';
import { FreeText, personal } from '../envelope/personal-data.js';

/** The four rules of alerts.md. */
export const AlertRule = z.enum(['MICROMANAGEMENT', 'POWER_CONCENTRATION', 'BOTTLENECK', 'FEEDBACK_GAP']);
export type AlertRule = z.infer<typeof AlertRule>;
export const ALERT_RULES = AlertRule.options;

/**
 * The ways a rule fires. MICROMANAGEMENT has three (any of them), BOTTLENECK
 * two (open approvals piling up, or slow resolutions), the others one each.
 */
export const AlertSignalName = z.enum([
  'reclaiming',
  'hovering',
  'goingAround',
  'powerConcentration',
  'openApprovals',
  'slowApprovals',
  'feedbackGap',
]);
export type AlertSignalName = z.infer<typeof AlertSignalName>;

/** One comparison of a measured metric with its threshold; every condition of a signal held when it fired. */
export const AlertCondition = z.strictObject({
  metric: z.string().min(1).max(64).meta({ description: 'A metric of metrics.md, or a count the rule names (e.g. bypassingSkipLevels)' }),
  value: z.number().meta({ description: 'The measured value at the evaluation instant' }),
  op: z.enum(['>=', '<']),
  threshold: z.number(),
  windowDays: z
    .number()
    .positive()
    .nullable()
    .meta({ description: 'The trailing window the value was measured over; null for a metric without one' }),
});
export type AlertCondition = z.infer<typeof AlertCondition>;

export const AlertSignal = z.strictObject({
  signal: AlertSignalName,
  conditions: z.array(AlertCondition).min(1),
});
export type AlertSignal = z.infer<typeof AlertSignal>;

/** Every lifecycle event names its alert, rule and subject, so a webhook receiver can route any of them alone. */
const AlertRef = {
  alertId: z.uuid(),
  rule: AlertRule,
  subjectId: PersonId,
};

/** The signals that hold now, in a fixed order (the rule's own order), at least one. */
const Signals = z.array(AlertSignal).min(1);

export const AlertOpenedData = z.strictObject({ ...AlertRef, signals: Signals });
export const AlertUpdatedData = z.strictObject({ ...AlertRef, signals: Signals });
export const AlertAcknowledgedData = z.strictObject({
  ...AlertRef,
  by: z
    .string()
    .min(1)
    .max(128)
    .meta({ description: 'Who acknowledged: the person their credentials act as, else the key or token subject' }),
  // Free text about the alert's subject: sealed with their key, so erasing them erases it.
  note: personal(FreeText(2000), 'subjectId').optional(),
});
export const AlertResolvedData = z.strictObject({ ...AlertRef });

export const AlertOpened = envelopeSchema('AlertOpened', AlertOpenedData);
export const AlertUpdated = envelopeSchema('AlertUpdated', AlertUpdatedData);
export const AlertAcknowledged = envelopeSchema('AlertAcknowledged', AlertAcknowledgedData);
export const AlertResolved = envelopeSchema('AlertResolved', AlertResolvedData);

/** The alert lifecycle, recorded by the engine in each org's `alerts-{orgId}` stream; senders never send these. */
export const ALERT_EVENT_SCHEMAS = { AlertOpened, AlertUpdated, AlertAcknowledged, AlertResolved } as const;
