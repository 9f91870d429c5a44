import { z } from 'zod';

/** The customer's own HR id for a person. */
export const PersonId = z.string().min(1).max(64).meta({ description: "The customer's own HR id for a person" });

/** An id the sender chooses for an entity inside the org (outcome, plan, request, ...). */
export const EntityId = z.string().min(1).max(64);

/** The tenant. */
export const OrgId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'orgId must be 1..64 characters of A-Z, a-z, 0-9, _ or -');

export const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp with offset' });
