import { z } from 'zod';
import { EVENT_SCHEMAS, type EventType } from '../events.js';
import { EventMetadata } from './envelope.schema.js';
import { PERSONAL_FIELDS, PERSONAL_METADATA, type PersonalField } from './personal-fields.js';

/** A personal value as the store holds it: sealed with its owner's key by the write pipeline (`pd1:` then base64url). */
export const SealedText = z.string().regex(/^pd1:[A-Za-z0-9_-]+$/, 'must be a sealed value');

/** `object` with each of its personal fields also accepting the sealed form (of one value, or of every item of a list). */
function acceptingSealed<T extends z.ZodObject>(object: T, fields: readonly PersonalField[]): z.ZodObject {
  if (fields.length === 0) return object;
  const sealable = fields.map(({ field }) => {
    const declared = object.shape[field] as z.ZodType;
    const optional = declared instanceof z.ZodOptional;
    const inner = optional ? (declared.unwrap() as z.ZodType) : declared;
    const either = z.union([inner, SealedText, z.array(SealedText)]);
    return [field, optional ? either.optional() : either] as const;
  });
  // safeExtend keeps the refinements across fields (e.g. giver ≠ receiver); the sealed form only widens each field.
  return object.safeExtend(Object.fromEntries(sealable) as never);
}

const StoredMetadata = acceptingSealed(EventMetadata, PERSONAL_METADATA);

/**
 * Each event type's schema for reading an event back from a store. Personal
 * fields are stored sealed, and a sealed value is longer than the text it
 * seals and is no email address: the schema a sender is held to would refuse
 * it, so these accept either form. Everything else is checked as on the way in.
 */
export const STORED_EVENT_SCHEMAS: Readonly<Record<EventType, z.ZodType>> = Object.fromEntries(
  (Object.entries(EVENT_SCHEMAS) as [EventType, z.ZodObject][]).map(([type, envelope]): [EventType, z.ZodType] => [
    type,
    envelope.safeExtend({
      data: acceptingSealed(envelope.shape.data as z.ZodObject, PERSONAL_FIELDS.get(type) ?? []),
      metadata: StoredMetadata.optional(),
    }),
  ]),
) as Record<EventType, z.ZodType>;
