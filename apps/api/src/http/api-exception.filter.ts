import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AnalyticsUnavailableError, AnalystUserError } from '@orghealth/analytics';
import { EventStoreUnavailableError } from '@orghealth/event-store';
import { ApiError, type ErrorBody } from './api-error.js';

const ERROR_BY_STATUS: Record<number, ErrorBody['error']> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_violated',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** Network failures reaching a server (ClickHouse gone after start-up): the caller may retry, nothing is wrong with the request. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'UND_ERR_SOCKET']);

/** Maps any error to the one error shape, in one place; never a stack trace or a path. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ApiError) return error.body;
  if (error instanceof AnalyticsUnavailableError || error instanceof EventStoreUnavailableError || error instanceof AnalystUserError) {
    return { statusCode: 503, error: 'unavailable', message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return { statusCode: 503, error: 'unavailable', message: new AnalyticsUnavailableError(code).message };
  }
  const statusCode = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = error instanceof HttpException ? error.message : String((error as Error).message ?? 'bad request');
    return { statusCode, error: ERROR_BY_STATUS[statusCode] ?? 'bad_request', message };
  }
  return { statusCode: 500, error: 'internal', message: 'internal error; the server log has the details' };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) return;
    void reply.status(body.statusCode).type('application/json').send(body);
  }
}
