import { z } from 'zod';
import { Flag } from '../source-query.js';

export const CalendarImportQuery = z.object({
  format: z.enum(['ics', 'google', 'graph']),
  dryRun: Flag,
});
export type CalendarImportQuery = z.infer<typeof CalendarImportQuery>;
