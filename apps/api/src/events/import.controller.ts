import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Config } from '@orghealth/config';
import { cutOffWhenIdle, ImportCutOff, importNdjson, recordThrough } from '@orghealth/write-model';
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
import { ImportSlots } from './import-slots.js';

/** A cut-off import is answered 408, and its connection closed once the answer is out: the client stopped sending, not us. */
function timedOut(error: unknown, request: FastifyRequest, reply: FastifyReply): unknown {
  if (!(error instanceof ImportCutOff)) return error;
  reply.raw.once('finish', () => request.raw.destroy());
  if (!reply.raw.headersSent) reply.raw.setHeader('connection', 'close');
  return new ApiError({ statusCode: 408, error: 'request_timeout', message: error.message });
}

/**
 * Bulk import of NDJSON envelopes, streamed: lines are decided in batches as
 * they arrive, never buffered whole. A client that accepts NDJSON gets a
 * progress line after every committed batch (so a dropped connection still
 * tells which lines are durable), then the report; others get the report.
 */
@Controller()
export class ImportController {
  private readonly slots: ImportSlots;

  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.slots = new ImportSlots(config.import.perOrg);
  }

  @Route(API_ROUTES.importEvents)
  async import(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!request.headers['content-type']?.startsWith(NDJSON)) {
      throw new ApiError({
        statusCode: 415,
        error: 'unsupported_media_type',
        message: `send the events as ${NDJSON}, one envelope per line`,
      });
    }
    const release = this.slots.take(orgId);
    if (!release)
      throw ApiError.conflict(
        `org ${orgId} already has ${this.config.import.perOrg} imports running (ORGHEALTH_IMPORTS_PER_ORG): wait for one to finish`,
      );
    try {
      await this.run(orgId, request, reply);
    } finally {
      release();
    }
  }

  private async run(orgId: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const body = cutOffWhenIdle(request.body as Readable, this.config.import.idleMs);
    const streamProgress = request.headers.accept?.includes(NDJSON) ?? false;
    const { maxErrors, maxLineBytes, batchSize } = this.config.import;
    const options = { orgId, record: recordThrough(this.commands), maxErrors, maxLineBytes, batchSize };
    if (!streamProgress) {
      const report = await importNdjson(body, options).catch((error: unknown) => {
        throw timedOut(error, request, reply);
      });
      void reply.status(200).send(report);
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
      send({ type: 'error', ...toErrorBody(timedOut(error, request, reply)) });
    }
    out.end();
  }
}
