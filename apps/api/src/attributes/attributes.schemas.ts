import { z } from 'zod';

const count = z.number().int().min(0);

export const AttributesResponse = z.object({
  orgId: z.string(),
  asOf: z.iso.datetime(),
  minGroupSize: z.int(),
  attributes: z
    .array(
      z.object({
        key: z.string(),
        values: z.array(
          z.object({
            value: z.string(),
            headcount: count.nullable().meta({ description: 'Active people with this value at asOf; null when suppressed' }),
            suppressed: z.boolean(),
          }),
        ),
      }),
    )
    .meta({ description: 'Every attribute key held by someone active at asOf, with its values; keys and values sorted' }),
});
export type AttributesResponse = z.infer<typeof AttributesResponse>;
