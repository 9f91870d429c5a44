import { Instant, OrgId, PersonId } from '@orghealth/domain';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** An instant, or a calendar date meaning the end of that day (UTC): "as of 1 July" includes 1 July. */
export const AsOf = z
  .union([Instant, z.iso.date()])
  .transform((value) => (value.length === 10 ? new Date(Date.parse(value) + DAY_MS - 1) : new Date(value)))
  .meta({ description: 'ISO-8601 instant, or a date (the end of that day, UTC); default now' });

export const OrgParams = z.object({ orgId: OrgId });
export type OrgParams = z.infer<typeof OrgParams>;
export const PersonParams = z.object({ orgId: OrgId, personId: PersonId });
export type PersonParams = z.infer<typeof PersonParams>;

export const AsOfQuery = z.object({ asOf: AsOf.optional() });
export type AsOfQuery = z.infer<typeof AsOfQuery>;

/** `limit` and `offset`, with at most `maxLimit` items a page. */
export const pageQuery = (maxLimit: number) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(maxLimit).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  });

export const PageQuery = pageQuery(5000);
export type PageQuery = z.infer<typeof PageQuery>;
