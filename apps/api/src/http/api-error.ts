import { z } from 'zod';
import type { FieldIssue } from '@orghealth/domain';

export const ErrorBody = z.object({
  statusCode: z.int(),
  error: z.enum([
    'bad_request',
    'unauthorized',
    'forbidden',
    'request_timeout',
    'too_many_requests',
    'validation_failed',
    'rule_violated',
    'conflict',
    'not_found',
    'unsupported_media_type',
    'payload_too_large',
    'unavailable',
    'internal',
  ]),
  message: z.string(),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .meta({ description: 'Each invalid field with its path' }),
  rule: z.string().optional().meta({ description: 'The rule broken, for rule_violated (e.g. SKIP_LEVEL.NOT_TWO_LEVELS_BELOW)' }),
  field: z.string().optional().meta({ description: 'The field that broke the rule' }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** An error meant for the client: it carries its own status and body. */
export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }

  static validation(issues: FieldIssue[], prefix = ''): ApiError {
    const paths = issues.map((issue) => ({ ...issue, path: [prefix, issue.path].filter(Boolean).join('.') }));
    const first = paths[0];
    return new ApiError({
      statusCode: 400,
      error: 'validation_failed',
      message: first ? `${first.path || '(body)'}: ${first.message}` : 'invalid request',
      issues: paths,
    });
  }

  static unauthorized(message: string): ApiError {
    return new ApiError({ statusCode: 401, error: 'unauthorized', message });
  }

  static forbidden(message: string): ApiError {
    return new ApiError({ statusCode: 403, error: 'forbidden', message });
  }

  static conflict(message: string): ApiError {
    return new ApiError({ statusCode: 409, error: 'conflict', message });
  }

  static notFound(message: string): ApiError {
    return new ApiError({ statusCode: 404, error: 'not_found', message });
  }
}
