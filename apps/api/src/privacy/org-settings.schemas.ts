import { z } from 'zod';

export const OrgSettings = z.strictObject({
  minGroupSize: z
    .int()
    .min(3, 'never below 3')
    .max(1000)
    .meta({ description: 'Group metrics over fewer people are suppressed for this org' }),
});
export type OrgSettings = z.infer<typeof OrgSettings>;
