import { z } from 'zod';

export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).meta({ description: 'Entries after this seq (the last one of the previous page)' }),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntries = z.object({
  entries: z.array(
    z.object({
      seq: z.int(),
      at: z.iso.datetime(),
      subject: z.string().meta({ description: 'key:<id>, jwt:<sub> or operator' }),
      orgId: z.string(),
      role: z.string(),
      action: z.string().meta({ description: 'individual-read or admin-action, then the method and route' }),
      target: z.string().nullable().meta({ description: 'The URL called' }),
      ip: z.string(),
      status: z.int(),
    }),
  ),
});
export type AuditEntries = z.infer<typeof AuditEntries>;
