import { z } from 'zod';

export const SourceProblem = z.object({
  row: z.int().min(1).optional().meta({ description: 'The CSV row (1 is the header)' }),
  uid: z.string().optional().meta({ description: 'The calendar UID of the meeting' }),
  occurrence: z.string().optional().meta({ description: 'The occurrence within the meeting: its original start (ISO)' }),
  reason: z.string(),
});
export type SourceProblem = z.infer<typeof SourceProblem>;

/** The answer of every source import: what was recorded (or would be, on a dry run), what was already there, what was ignored or rejected and why. */
export const SourceReport = z.object({
  dryRun: z.boolean(),
  read: z.int().min(0).meta({ description: 'Items read: calendar occurrences, or CSV rows after the header' }),
  recorded: z.record(z.string(), z.int().min(0)).meta({ description: 'New events by type (on a dry run, those that would be recorded)' }),
  duplicates: z.int().min(0).meta({ description: 'Events already recorded, or met twice in this export' }),
  ignored: z.record(z.string(), z.int().min(0)).meta({ description: 'Items that record nothing by design, by reason' }),
  rejected: z.int().min(0).meta({ description: 'Items refused: unreadable, invalid, a broken rule, or an id recorded with another body' }),
  problems: z.array(SourceProblem).meta({ description: 'The first rejected items, in export order (capped)' }),
  problemsTotal: z.int().min(0),
  sample: z.array(z.unknown()).meta({ description: 'On a dry run, the first events that would be recorded, in full' }),
});
export type SourceReport = z.infer<typeof SourceReport>;
