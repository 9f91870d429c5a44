import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { toFieldIssues } from '@orghealth/domain';
import { CONFIG } from '../../engine/engine.module.js';
import { ApiError } from '../../http/api-error.js';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { Caller } from '../access.js';
import type { Principal } from '../principal.js';
import { SecurityStore } from '../security-store.js';
import { issueKey } from './api-key.js';
import { CreateKeyRequest, KeyParams, type ApiKeyList, type CreatedKey } from './api-keys.schemas.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';

/** An org's API keys: created (the key shown once), listed (never the key or its hash), revoked. */
@Controller()
export class ApiKeysController {
  constructor(
    private readonly store: SecurityStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.createApiKey)
  create(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body() body: unknown,
    @Caller() caller: Principal,
  ): CreatedKey {
    const parsed = CreateKeyRequest.safeParse(body);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error));
    const { id, key, hash } = issueKey();
    const stored = {
      id,
      orgId,
      role: parsed.data.role,
      personId: parsed.data.personId ?? null,
      label: parsed.data.label ?? null,
      createdAt: new Date().toISOString(),
      createdBy: caller.subject,
    };
    // Each key is a rate budget of its own and a row checked on sign-in: an org cannot mint them without end.
    const max = this.config.auth.maxApiKeysPerOrg;
    if (!this.store.addKey({ ...stored, hash }, max))
      throw ApiError.conflict(`org ${orgId} already holds ${max} live API keys (ORGHEALTH_MAX_API_KEYS_PER_ORG): revoke one first`);
    return { ...stored, revokedAt: null, key };
  }

  @Route(API_ROUTES.listApiKeys)
  list(@Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams): ApiKeyList {
    return { keys: this.store.keysOf(orgId) };
  }

  @Route(API_ROUTES.revokeApiKey)
  revoke(@Param(new ZodValidationPipe(KeyParams, 'path')) { orgId, keyId }: KeyParams): void {
    if (!this.store.revokeKey(orgId, keyId, new Date())) throw ApiError.notFound(`org ${orgId} has no live key ${keyId}`);
  }
}
