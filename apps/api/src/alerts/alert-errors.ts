import { RuleViolation } from '@orghealth/domain';
import { ApiError } from '../http/api-error.js';

/** The HTTP status of each lifecycle rule a request can break. */
const STATUS_OF: Record<string, 403 | 404 | 409> = {
  'ALERT.NOT_FOUND': 404,
  'ALERT.SUBJECT_CANNOT_ACKNOWLEDGE': 403,
  'ALERT.RESOLVED': 409,
  'ALERT.ALREADY_ACKNOWLEDGED': 409,
  'ALERT.OUT_OF_ORDER': 409,
};

/** A lifecycle rule broken by a request, as the API's error; anything else is rethrown as it is. */
export function toAlertApiError(error: unknown): unknown {
  if (!(error instanceof RuleViolation)) return error;
  const statusCode = STATUS_OF[error.code] ?? 409;
  return new ApiError({
    statusCode,
    error: ({ 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const)[statusCode],
    message: error.message,
    rule: error.code,
    ...(error.field ? { field: error.field } : {}),
  });
}
