import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { OrgId } from '@orghealth/domain';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ApiError } from '../../http/api-error.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { Allow } from '../../security/access.js';
import { DryRun } from '../calendar/calendar.controller.js';
import { csvRows, CsvUnreadable } from '../csv-rows.js';
import { SourceImports } from '../source-imports.js';
import type { SourceReport } from '../source-report.js';
import { toolExportItems } from './tool-export-items.js';
import { KINDS, TOOL_EXPORT_KINDS } from './tool-export-kinds.js';

export const CSV = 'text/csv';

export const ToolExportParams = z.object({ orgId: OrgId, kind: z.enum(TOOL_EXPORT_KINDS) });
export type ToolExportParams = z.infer<typeof ToolExportParams>;
export const ToolExportQuery = z.object({ dryRun: DryRun });
export type ToolExportQuery = z.infer<typeof ToolExportQuery>;

/** A CSV export of feedback, approvals or people decisions: every good row recorded, every bad one named by its row number. */
@Controller('v1/orgs/:orgId/sources/csv/:kind')
export class ToolExportController {
  constructor(private readonly sources: SourceImports) {}

  @Post()
  @HttpCode(200)
  @Allow(['admin', 'ingest'])
  async import(
    @Param(new ZodValidationPipe(ToolExportParams, 'path')) { orgId, kind }: ToolExportParams,
    @Query(new ZodValidationPipe(ToolExportQuery, 'query')) { dryRun }: ToolExportQuery,
    @Req() request: FastifyRequest,
  ): Promise<SourceReport> {
    if (!request.headers['content-type']?.startsWith(CSV)) {
      throw new ApiError({ statusCode: 415, error: 'unsupported_media_type', message: `send the export as ${CSV}` });
    }
    const org = await this.sources.orgAt(orgId);
    const rows = csvRows(request.body as Readable, (header) => {
      const missing = KINDS[kind].required.filter((column) => !header.includes(column));
      if (missing.length > 0) throw ApiError.validation(missing.map((column) => ({ path: column, message: `the required column ${column} is missing from the header` })));
    });
    try {
      return await this.sources.record(orgId, toolExportItems(rows, kind, orgId, org), { dryRun });
    } catch (error) {
      if (error instanceof CsvUnreadable) throw ApiError.validation([{ path: '', message: error.message }]);
      throw error;
    }
  }
}
