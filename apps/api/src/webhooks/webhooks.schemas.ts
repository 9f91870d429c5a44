import { ALERT_RULES, AlertRule } from '@orghealth/domain';
import { z } from 'zod';
import { OrgParams, PageQuery } from '../http/query.schemas.js';

export const WebhookParams = OrgParams.extend({ subscriptionId: z.uuid() });
export type WebhookParams = z.infer<typeof WebhookParams>;

export const CreateWebhookBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'url must be an http or https URL' })
    .max(2048)
    .meta({ description: 'Where every transition is POSTed' }),
  secret: z.string().min(16).max(256).meta({ description: 'The HMAC-SHA256 key of X-Orghealth-Signature; never returned' }),
  rules: z
    .array(AlertRule)
    .min(1)
    .default([...ALERT_RULES])
    .meta({ description: 'Rules whose transitions are delivered; default all' }),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const WebhookSchema = z.object({
  subscriptionId: z.uuid(),
  orgId: z.string(),
  url: z.string(),
  rules: z.array(AlertRule),
  createdAt: z.iso.datetime(),
});

export const WebhookListResponse = z.object({ orgId: z.string(), webhooks: z.array(WebhookSchema) });

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'cancelled']);

export const DeliveryListQuery = PageQuery.extend({ status: DeliveryStatus.optional() });
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const DeliveryListResponse = z.object({
  subscriptionId: z.uuid(),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
  deliveries: z.array(
    z.object({
      deliveryId: z.uuid().meta({ description: "Also the X-Orghealth-Delivery header and the body's deliveryId: dedupe on it" }),
      eventId: z.uuid(),
      eventType: z.string(),
      alertId: z.uuid(),
      status: DeliveryStatus,
      attempts: z.int(),
      nextAttemptAt: z.iso.datetime().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.iso.datetime(),
      finishedAt: z.iso.datetime().nullable(),
      attemptLog: z.array(
        z.object({
          attempt: z.int(),
          at: z.iso.datetime(),
          statusCode: z.int().nullable(),
          error: z.string().nullable(),
          durationMs: z.int(),
        }),
      ),
    }),
  ),
});
