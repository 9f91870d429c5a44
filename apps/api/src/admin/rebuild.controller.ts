import { Controller, Logger, Res } from '@nestjs/common';
import { AnalyticsRuntime, RebuildNotHereError, RebuildRunningError } from '@orghealth/analytics';
import type { FastifyReply } from 'fastify';
import { NDJSON } from '../events/events.schemas.js';
import { ApiError } from '../http/api-error.js';
import { toErrorBody } from '../http/api-exception.filter.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/**
 * Replays every event into new analytics tables and swaps them in, the
 * metric reads answering from the old tables until then: after a projection
 * change, or to prove that the numbers are a function of the events.
 * Streams NDJSON progress lines, then `{ "type": "done" }`.
 */
@Controller()
export class RebuildController {
  private readonly logger = new Logger('rebuild');

  constructor(private readonly analytics: AnalyticsRuntime) {}

  @Route(API_ROUTES.rebuildAnalytics)
  async rebuild(@Res() reply: FastifyReply): Promise<void> {
    this.analytics.client();
    const started = Date.now();
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': NDJSON, 'cache-control': 'no-store' });
    const send = (line: object) => out.write(`${JSON.stringify(line)}\n`);
    try {
      const last = await this.analytics.rebuild((progress) => send({ type: 'progress', ...progress }));
      send({ type: 'done', ...last, seconds: (Date.now() - started) / 1000 });
    } catch (error) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      const conflict = error instanceof RebuildNotHereError || error instanceof RebuildRunningError;
      const body = conflict ? new ApiError({ statusCode: 409, error: 'conflict', message: error.message }).body : toErrorBody(error);
      send({ type: 'error', ...body });
    }
    out.end();
  }
}
