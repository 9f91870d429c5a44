import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { alertStreamId, AlertsEngine, listDeliveries, urlRefusal } from '@orghealth/alerts';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import type { z } from 'zod';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';
import { ApiError } from '../http/api-error.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import {
  CreateWebhookBody,
  DeliveryListQuery,
  WebhookParams,
  type DeliveryListResponse,
  type WebhookListResponse,
  type WebhookSchema,
} from './webhooks.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/** Webhook subscriptions to alert transitions, and the record of every delivery: admins only, they hold secrets and reach out. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly alerts: AlertsEngine,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.createWebhook)
  async create(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body(new ZodValidationPipe(CreateWebhookBody, 'body')) body: CreateWebhookBody,
  ): Promise<z.infer<typeof WebhookSchema>> {
    // Names and literal addresses are refused here, with the reason; what a name resolves to is judged at each delivery.
    const refusal = urlRefusal(body.url, { allowPrivate: this.config.webhooks.allowPrivateTargets });
    if (refusal) throw ApiError.validation([{ path: 'url', message: `refused target: ${refusal}` }]);
    // Transitions from now on: the subscription starts after the org's current last one.
    const revision = await this.store.streamRevision(alertStreamId(orgId));
    return this.alerts.subscriptions.create(orgId, body, new Date(), revision);
  }

  @Route(API_ROUTES.listWebhooks)
  list(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): z.infer<typeof WebhookListResponse> {
    return { orgId, webhooks: this.alerts.subscriptions.list(orgId) };
  }

  @Route(API_ROUTES.deleteWebhook)
  remove(@Param(new ZodValidationPipe(WebhookParams, 'path')) { orgId, subscriptionId }: WebhookParams): void {
    if (!this.alerts.subscriptions.delete(orgId, subscriptionId, new Date()))
      throw ApiError.notFound(`org ${orgId} has no webhook ${subscriptionId}`);
  }

  @Route(API_ROUTES.listWebhookDeliveries)
  deliveries(
    @Param(new ZodValidationPipe(WebhookParams, 'path')) { orgId, subscriptionId }: WebhookParams,
    @Query(new ZodValidationPipe(DeliveryListQuery, 'query')) { status, limit, offset }: DeliveryListQuery,
  ): z.infer<typeof DeliveryListResponse> {
    if (!this.alerts.subscriptions.get(orgId, subscriptionId)) throw ApiError.notFound(`org ${orgId} has no webhook ${subscriptionId}`);
    return {
      subscriptionId,
      limit,
      offset,
      ...listDeliveries(this.alerts.db, subscriptionId, { limit, offset, ...(status ? { status } : {}) }),
    };
  }
}
