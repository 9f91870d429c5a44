import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { Allow } from '../access.js';
import { SecurityStore } from '../security-store.js';

export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).meta({ description: 'Entries after this seq (the last one of the previous page)' }),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntries = z.object({
  entries: z.array(
    z.object({
      seq: z.int(),
      at: z.iso.datetime(),
      subject: z.string().meta({ description: 'key:<id>, jwt:<sub> or operator' }),
      orgId: z.string(),
      role: z.string(),
      action: z.string().meta({ description: 'individual-read or admin-action, then the method and route' }),
      target: z.string().nullable().meta({ description: 'The URL called' }),
      ip: z.string(),
      status: z.int(),
    }),
  ),
});
export type AuditEntries = z.infer<typeof AuditEntries>;

/** The org's audit log (reads of individual-level data, admin actions), oldest first, paged by seq. */
@Controller('v1/orgs/:orgId/audit')
export class AuditController {
  constructor(private readonly store: SecurityStore) {}

  @Get()
  @Allow(['admin'])
  list(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(AuditQuery, 'query')) query: AuditQuery,
  ): AuditEntries {
    return { entries: this.store.auditOf(orgId, query.after, query.limit) };
  }
}
