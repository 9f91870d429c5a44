import type { PipeTransform } from '@nestjs/common';
import { toFieldIssues } from '@orghealth/domain';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Validates a path parameter, a query string or a JSON body with its zod schema; issues name `where.field` (a body's fields by their own path). */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly where: 'query' | 'path' | 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw ApiError.validation(toFieldIssues(parsed.error), this.where === 'body' ? '' : this.where);
    return parsed.data;
  }
}
