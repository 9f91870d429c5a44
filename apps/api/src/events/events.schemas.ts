import { z } from 'zod';

export const RecordResponse = z.object({
  eventId: z.uuid(),
  duplicate: z.boolean().meta({ description: 'true when this eventId was already recorded with the same body' }),
  position: z
    .int()
    .meta({ description: 'Global position of the commit holding the event: readers whose checkpoint reaches it see the event' }),
});
export type RecordResponse = z.infer<typeof RecordResponse>;

export const NDJSON = 'application/x-ndjson';
