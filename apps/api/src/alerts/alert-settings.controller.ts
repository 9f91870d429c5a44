import { Body, Controller, Param } from '@nestjs/common';
import { AlertsEngine, AlertThresholds } from '@orghealth/alerts';
import type { z } from 'zod';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import type { AlertSettingsResponse } from './alerts.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/** Each org's alert thresholds; the spec's defaults until an org sets its own. */
@Controller()
export class AlertSettingsController {
  constructor(private readonly alerts: AlertsEngine) {}

  @Route(API_ROUTES.getAlertSettings)
  get(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): z.infer<typeof AlertSettingsResponse> {
    return { orgId, thresholds: this.alerts.settings.thresholds(orgId) };
  }

  @Route(API_ROUTES.putAlertSettings)
  put(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body(new ZodValidationPipe(AlertThresholds, 'body')) thresholds: AlertThresholds,
  ): z.infer<typeof AlertSettingsResponse> {
    return { orgId, thresholds: this.alerts.replaceThresholds(orgId, thresholds, new Date()) };
  }
}
