import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { toFieldIssues } from '@orghealth/domain';
import { CONFIG } from '../engine/engine.module.js';
import { ApiError } from '../http/api-error.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { Caller } from '../security/access.js';
import type { Principal } from '../security/principal.js';
import { SecurityStore } from '../security/security-store.js';
import { OrgSettings } from './org-settings.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/** An org's privacy threshold: the engine's ORGHEALTH_MIN_GROUP_SIZE until an admin sets the org's own. */
@Controller()
export class OrgSettingsController {
  constructor(
    private readonly store: SecurityStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.getOrgSettings)
  get(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): OrgSettings {
    return { minGroupSize: this.store.minGroupSize(orgId) ?? this.config.minGroupSize };
  }

  @Route(API_ROUTES.putOrgSettings)
  put(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body() body: unknown,
    @Caller() caller: Principal,
  ): OrgSettings {
    const parsed = OrgSettings.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    this.store.setMinGroupSize(orgId, parsed.data.minGroupSize, caller.subject, new Date());
    return parsed.data;
  }
}
