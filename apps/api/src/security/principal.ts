import { OrgId, PersonId } from '@orghealth/domain';
import { z } from 'zod';

export const Role = z.enum(['admin', 'hr_analyst', 'executive', 'manager', 'ingest']);
export type Role = z.infer<typeof Role>;

/** Roles whose view is a subtree of the org: they are bound to the person at its top. */
export const PERSON_BOUND_ROLES: readonly Role[] = ['executive', 'manager'];

/** The operator's org: the installation's own admin key, which reaches every org. */
export const ANY_ORG = '*';

/** Who is calling, once authenticated: an org, a role, and for managers and executives the person they are. */
export const Principal = z
  .object({
    subject: z.string().meta({ description: 'The key id, or the JWT subject' }),
    orgId: z.union([OrgId, z.literal(ANY_ORG)]),
    role: Role,
    personId: PersonId.optional(),
  })
  .refine((principal) => !PERSON_BOUND_ROLES.includes(principal.role) || principal.personId !== undefined, {
    message: 'executives and managers are bound to a personId',
    path: ['personId'],
  });
export type Principal = z.infer<typeof Principal>;

export const isOperator = (principal: Principal): boolean => principal.orgId === ANY_ORG;
