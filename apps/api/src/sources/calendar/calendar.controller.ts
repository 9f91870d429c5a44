import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ApiError } from '../../http/api-error.js';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { Allow } from '../../security/access.js';
import { SourceImports } from '../source-imports.js';
import type { SourceReport } from '../source-report.js';
import { calendarItems } from './calendar-import.js';
import { IGNORE_REASONS } from './detect-meeting.js';
import { readGoogle } from './google-reader.js';
import { readGraph } from './graph-reader.js';
import { readIcs } from './ics-reader.js';
import { itemsOfPages } from './json-pages.js';
import type { ReadItem } from './read-item.js';

export const ICALENDAR = 'text/calendar';

/** `true`/`false` as query strings say it. */
export const DryRun = z.enum(['true', 'false']).default('false').transform((value) => value === 'true');

export const CalendarImportQuery = z.object({
  format: z.enum(['ics', 'google', 'graph']),
  dryRun: DryRun,
});
export type CalendarImportQuery = z.infer<typeof CalendarImportQuery>;

async function* fromSync(items: Iterable<ReadItem>): AsyncGenerator<ReadItem> {
  yield* items;
}

/** One calendar export in: its 1:1s and skip-levels recorded, every other occurrence counted under its reason. */
@Controller('v1/orgs/:orgId/sources/calendar')
export class CalendarController {
  constructor(private readonly sources: SourceImports) {}

  @Post()
  @HttpCode(200)
  @Allow(['admin', 'ingest'])
  async import(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(CalendarImportQuery, 'query')) { format, dryRun }: CalendarImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<SourceReport> {
    const now = Date.now();
    const contentType = request.headers['content-type'] ?? '';
    const expected = format === 'ics' ? ICALENDAR : 'application/json';
    if (!contentType.startsWith(expected)) {
      throw new ApiError({ statusCode: 415, error: 'unsupported_media_type', message: `format=${format} is sent as ${expected}` });
    }
    let read: AsyncIterable<ReadItem>;
    if (format === 'ics') read = readIcs(request.body as Readable, now);
    else {
      const pages = itemsOfPages(request.body, format === 'google' ? 'items' : 'value');
      if ('error' in pages) throw ApiError.validation([{ path: '', message: pages.error }]);
      read = fromSync(format === 'google' ? readGoogle(pages.items, now) : readGraph(pages.items, now));
    }
    const org = await this.sources.orgAt(orgId);
    return this.sources.record(orgId, calendarItems(read, orgId, org, now), { dryRun, ignoreReasons: IGNORE_REASONS });
  }
}
