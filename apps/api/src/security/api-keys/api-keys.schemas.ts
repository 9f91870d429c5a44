import { OrgId, PersonId } from '@orghealth/domain';
import { z } from 'zod';
import { PERSON_BOUND_ROLES, Role } from '../principal.js';

export const CreateKeyRequest = z
  .strictObject({
    role: Role,
    personId: PersonId.optional().meta({ description: 'The person a manager or executive key acts as (required for those roles)' }),
    label: z.string().min(1).max(200).optional().meta({ description: 'What the key is for, to recognise it when listing' }),
  })
  .refine((request) => PERSON_BOUND_ROLES.includes(request.role) === (request.personId !== undefined), {
    message: 'managers and executives need a personId; the other roles take none',
    path: ['personId'],
  });
export type CreateKeyRequest = z.infer<typeof CreateKeyRequest>;

export const ApiKeyInfo = z.object({
  id: z.string(),
  orgId: OrgId,
  role: Role,
  personId: z.string().nullable(),
  label: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().nullable(),
});

export const CreatedKey = ApiKeyInfo.extend({
  key: z.string().meta({ description: 'The key itself, shown this once: only its hash is stored' }),
});
export type CreatedKey = z.infer<typeof CreatedKey>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyInfo) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const KeyParams = z.object({ orgId: OrgId, keyId: z.string().regex(/^[0-9a-f]{16}$/) });
export type KeyParams = z.infer<typeof KeyParams>;
