import { Controller, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiError } from '../../http/api-error.js';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';
import { ICALENDAR } from '../media-types.js';
import { SourceImports } from '../source-imports.js';
import type { SourceReport } from '../source-report.js';
import { calendarItems } from './calendar-import.js';
import { CalendarImportQuery } from './calendar.schemas.js';
import { IGNORE_REASONS } from './detect-meeting.js';
import { readGoogle } from './google-reader.js';
import { readGraph } from './graph-reader.js';
import { readIcs } from './ics-reader.js';
import { itemsOfPages } from './json-pages.js';
import type { ReadItem } from './read-item.js';

async function* fromSync(items: Iterable<ReadItem>): AsyncGenerator<ReadItem> {
  yield* items;
}

/** One calendar export in: its 1:1s and skip-levels recorded, every other occurrence counted under its reason. */
@Controller()
export class CalendarController {
  constructor(private readonly sources: SourceImports) {}

  @Route(API_ROUTES.importCalendar)
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
