import { z } from 'zod';

/**
 * Characters an id may not hold: control characters, format characters (zero-width spaces and joiners, the
 * bidirectional overrides and isolates, the BOM) and line or paragraph separators. They make two ids look
 * alike, or reorder the text around an id, wherever it is shown: in the dashboard, a log line, a CSV.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const visibleId = (description: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .refine((id) => !INVISIBLE_OR_CONTROL.test(id), 'must not contain control, zero-width or bidirectional-override characters')
    .meta({ description });

/** The customer's own HR id for a person. */
export const PersonId = visibleId("The customer's own HR id for a person");

/** An id the sender chooses for an entity inside the org (outcome, plan, request, ...). */
export const EntityId = visibleId('An id the sender chooses for an entity inside the org');

/** The tenant. */
export const OrgId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'orgId must be 1..64 characters of A-Z, a-z, 0-9, _ or -');

export const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp with offset' });
