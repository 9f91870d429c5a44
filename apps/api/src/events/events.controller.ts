import { Body, Controller, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseIncomingEvent } from '@orghealth/domain';
import { RecordOrgEvents, withSource } from '@orghealth/write-model';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import type { RecordResponse } from './events.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

@Controller()
export class EventsController {
  constructor(private readonly commands: CommandBus) {}

  @Route(API_ROUTES.recordEvent)
  async record(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordResponse> {
    const parsed = parseIncomingEvent(body);
    if (!parsed.ok) throw ApiError.validation(parsed.issues);
    if (parsed.value.orgId !== orgId) {
      throw ApiError.validation([{ path: 'orgId', message: `${parsed.value.orgId} is not the org of this URL (${orgId})` }]);
    }
    const [outcome] = await this.commands.execute(new RecordOrgEvents(orgId, [withSource(parsed.value, 'api')]));
    switch (outcome!.status) {
      case 'recorded':
        return { eventId: outcome!.eventId, duplicate: false, position: outcome!.position };
      case 'duplicate':
        void reply.status(200);
        return { eventId: outcome!.eventId, duplicate: true, position: outcome!.position };
      case 'conflict':
        throw new ApiError({ statusCode: 409, error: 'conflict', message: outcome!.reason, field: 'eventId' });
      case 'rejected': {
        const { code, message, field } = outcome!.violation;
        throw new ApiError({ statusCode: 422, error: 'rule_violated', message, rule: code, ...(field ? { field } : {}) });
      }
    }
  }
}
