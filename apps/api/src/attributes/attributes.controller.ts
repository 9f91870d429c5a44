import { Controller, Inject, Param, Query } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { attributeHeadcounts } from '@orghealth/domain';
import { OrgStateCache } from '@orghealth/write-model';
import { CONFIG } from '../engine/engine.module.js';
import { ApiError } from '../http/api-error.js';
import { AsOfQuery, OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { DifferencingGuard } from '../privacy/differencing-guard.js';
import { Caller } from '../security/access.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';
import { PERSON_BOUND_ROLES, type Principal } from '../security/principal.js';
import { SecurityStore } from '../security/security-store.js';
import type { AttributesResponse } from './attributes.schemas.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The attributes an org's metrics can be sliced by (`group=attribute:KEY=VALUE`), from the write model as of an
 * instant. A value held by fewer people than the privacy threshold is listed without its head count; for managers
 * and executives, complementary suppression hides as many more as it takes for the key's total not to give it away,
 * as it does for their group metrics.
 */
@Controller()
export class AttributesController {
  constructor(
    private readonly cache: OrgStateCache,
    private readonly settings: SecurityStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.listAttributes)
  async list(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(AsOfQuery, 'query')) query: AsOfQuery,
    @Caller() caller: Principal,
  ): Promise<AttributesResponse> {
    const snapshot = await this.cache.current(orgId);
    if (snapshot.revision === -1) throw ApiError.notFound(`org ${orgId} has no events`);
    const asOf = query.asOf ?? new Date();
    const minGroupSize = this.settings.minGroupSize(orgId) ?? this.config.minGroupSize;
    const { structure } = snapshot.state;
    const guard = PERSON_BOUND_ROLES.includes(caller.role) ? new DifferencingGuard(structure, asOf, minGroupSize) : undefined;
    const attributes = [...attributeHeadcounts(structure, asOf.getTime())]
      .sort(([a], [b]) => byText(a, b))
      .map(([key, values]) => ({
        key,
        values: [...values]
          .sort(([a], [b]) => byText(a, b))
          .map(([value, headcount]) => {
            const hidden = headcount < minGroupSize || (guard?.hidesAttributeValue({ key, value }) ?? false);
            return { value, headcount: hidden ? null : headcount, suppressed: hidden };
          }),
      }));
    return { orgId, asOf: asOf.toISOString(), minGroupSize, attributes };
  }
}
