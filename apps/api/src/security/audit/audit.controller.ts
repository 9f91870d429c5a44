import { Controller, Param, Query } from '@nestjs/common';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { SecurityStore } from '../security-store.js';
import { AuditQuery, type AuditEntries } from './audit.schemas.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';

/** The org's audit log (reads of individual-level data, admin actions), oldest first, paged by seq. */
@Controller()
export class AuditController {
  constructor(private readonly store: SecurityStore) {}

  @Route(API_ROUTES.listAuditEntries)
  list(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(AuditQuery, 'query')) query: AuditQuery,
  ): AuditEntries {
    return { entries: this.store.auditOf(orgId, query.after, query.limit) };
  }
}
