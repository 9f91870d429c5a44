import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { AlertsEngine, AlertThresholds } from '@orghealth/alerts';
import type { z } from 'zod';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { Allow } from '../security/access.js';
import type { AlertSettingsResponse } from './alerts.schemas.js';

/** Each org's alert thresholds; the spec's defaults until an org sets its own. */
@Controller('v1/orgs/:orgId/settings/alerts')
export class AlertSettingsController {
  constructor(private readonly alerts: AlertsEngine) {}

  @Get()
  @Allow(['admin', 'hr_analyst'])
  get(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): z.infer<typeof AlertSettingsResponse> {
    return { orgId, thresholds: this.alerts.settings.thresholds(orgId) };
  }

  @Put()
  @Allow(['admin'], { audit: 'admin-action' })
  put(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body(new ZodValidationPipe(AlertThresholds, 'body')) thresholds: AlertThresholds,
  ): z.infer<typeof AlertSettingsResponse> {
    return { orgId, thresholds: this.alerts.replaceThresholds(orgId, thresholds, new Date()) };
  }
}
