import { z } from 'zod';

/**
 * Marks a data field as personal data (names, titles, free text). Every such
 * field is declared through this one helper so that erasure by crypto-shredding
 * can find them all from the schemas: `owner` names the sibling field holding
 * the person the text belongs to, whose key will encrypt it.
 */
export interface PersonalDataMeta {
  owner: string;
}

export const personalDataRegistry = z.registry<PersonalDataMeta>();

export function personal<T extends z.ZodType>(schema: T, owner: string): T {
  personalDataRegistry.add(schema, { owner });
  return schema;
}

export const FreeText = (max: number) => z.string().min(1).max(max);
