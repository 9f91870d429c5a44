import { z } from 'zod';

/** `true`/`false` as query strings say it (dryRun, force). */
export const Flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');
