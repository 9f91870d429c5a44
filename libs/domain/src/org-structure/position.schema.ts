import { z } from 'zod';
import { PersonId } from '../envelope/ids.schema.js';

/** Where a person stood in the org at an instant. */
export const Position = z.object({
  personId: PersonId,
  managerId: PersonId.nullable(),
  layer: z.int().min(1).meta({ description: 'Layer 1 is the top of the org' }),
  directs: z.array(PersonId),
  name: z.string().optional(),
  title: z.string().optional(),
});
export type PositionAt = z.infer<typeof Position>;
