import { z } from 'zod';

export const SqlRequest = z.strictObject({
  sql: z.string().min(1).max(100_000).meta({ description: 'One read-only ClickHouse statement (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN)' }),
  params: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .meta({ description: 'Values for {name:Type} placeholders in the statement' }),
  maxRows: z.int().min(1).max(1_000_000).default(10_000),
});
export type SqlRequest = z.infer<typeof SqlRequest>;

export const SqlResult = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  rowCount: z.int(),
  truncated: z.boolean().meta({ description: 'true when the result had more than maxRows rows' }),
});
export type SqlResult = z.infer<typeof SqlResult>;
