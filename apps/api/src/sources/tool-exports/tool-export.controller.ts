import { Controller, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiError } from '../../http/api-error.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';
import { CSV } from '../media-types.js';
import { csvRows, CsvUnreadable } from '../csv-rows.js';
import { SourceImports } from '../source-imports.js';
import type { SourceReport } from '../source-report.js';
import { toolExportItems } from './tool-export-items.js';
import { KINDS } from './tool-export-kinds.js';
import { ToolExportParams, ToolExportQuery } from './tool-export.schemas.js';

/** A CSV export of feedback, approvals or people decisions: every good row recorded, every bad one named by its row number. */
@Controller()
export class ToolExportController {
  constructor(private readonly sources: SourceImports) {}

  @Route(API_ROUTES.importToolExport)
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
      if (missing.length > 0)
        throw ApiError.validation(
          missing.map((column) => ({ path: column, message: `the required column ${column} is missing from the header` })),
        );
    });
    try {
      return await this.sources.record(orgId, toolExportItems(rows, kind, orgId, org), { dryRun });
    } catch (error) {
      if (error instanceof CsvUnreadable) throw ApiError.validation([{ path: '', message: error.message }]);
      throw error;
    }
  }
}
