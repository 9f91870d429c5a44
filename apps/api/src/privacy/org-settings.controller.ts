import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { toFieldIssues } from '@orghealth/domain';
import { z } from 'zod';
import { CONFIG } from '../engine/engine.module.js';
import { ApiError } from '../http/api-error.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { Allow, Caller } from '../security/access.js';
import type { Principal } from '../security/principal.js';
import { SecurityStore } from '../security/security-store.js';

export const OrgSettings = z.strictObject({
  minGroupSize: z.int().min(3, 'never below 3').max(1000).meta({ description: 'Group metrics over fewer people are suppressed for this org' }),
});
export type OrgSettings = z.infer<typeof OrgSettings>;

/** An org's privacy threshold: the engine's ORGHEALTH_MIN_GROUP_SIZE until an admin sets the org's own. */
@Controller('v1/orgs/:orgId/settings')
export class OrgSettingsController {
  constructor(
    private readonly store: SecurityStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @Allow(['admin', 'hr_analyst'])
  get(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): OrgSettings {
    return { minGroupSize: this.store.minGroupSize(orgId) ?? this.config.minGroupSize };
  }

  @Put()
  @Allow(['admin'], { audit: 'admin-action' })
  put(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams, @Body() body: unknown, @Caller() caller: Principal): OrgSettings {
    const parsed = OrgSettings.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    this.store.setMinGroupSize(orgId, parsed.data.minGroupSize, caller.subject, new Date());
    return parsed.data;
  }
}
