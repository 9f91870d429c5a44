import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Config } from '@orghealth/config';
import { importNdjson, recordThrough } from '@orghealth/write-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { CONFIG } from '../engine/engine.module.js';
import { ApiError } from '../http/api-error.js';
import { toErrorBody } from '../http/api-exception.filter.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { NDJSON } from './events.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/**
 * Bulk import of NDJSON envelopes, streamed: lines are decided in batches as
 * they arrive, never buffered whole. A client that accepts NDJSON gets a
 * progress line after every committed batch (so a dropped connection still
 * tells which lines are durable), then the report; others get the report.
 */
@Controller()
export class ImportController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.importEvents)
  async import(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!request.headers['content-type']?.startsWith(NDJSON)) {
      throw new ApiError({ statusCode: 415, error: 'unsupported_media_type', message: `send the events as ${NDJSON}, one envelope per line` });
    }
    const body = request.body as Readable;
    const streamProgress = request.headers.accept?.includes(NDJSON) ?? false;
    const options = { orgId, record: recordThrough(this.commands), ...this.config.import };
    if (!streamProgress) {
      void reply.status(200).send(await importNdjson(body, options));
      return;
    }
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': NDJSON, 'cache-control': 'no-store' });
    const send = (line: object) => out.write(`${JSON.stringify(line)}\n`);
    try {
      const report = await importNdjson(body, { ...options, onProgress: (progress) => void send({ type: 'progress', ...progress }) });
      send({ type: 'report', ...report });
    } catch (error) {
      send({ type: 'error', ...toErrorBody(error) });
    }
    out.end();
  }
}
