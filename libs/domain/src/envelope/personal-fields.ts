import { z } from 'zod';
import { EVENT_SCHEMAS, type EventType } from '../events.js';
import { EventMetadata } from './envelope.schema.js';
import { personalDataRegistry } from './personal-data.js';

/** A personal data field of an event's data, and the sibling field naming the person it belongs to. */
export interface PersonalField {
  field: string;
  owner: string;
}

/** The fields of an object schema marked with `personal()`. */
function marked(object: z.ZodObject): PersonalField[] {
  return Object.entries(object.shape).flatMap(([field, fieldSchema]) => {
    const inner = fieldSchema instanceof z.ZodOptional ? (fieldSchema.unwrap() as z.ZodType) : (fieldSchema as z.ZodType);
    const meta = personalDataRegistry.get(inner);
    return meta ? [{ field, owner: meta.owner }] : [];
  });
}

/** Every event type's personal fields, read once from the schemas' `personal()` marks: a field marked later is covered at once. */
export const PERSONAL_FIELDS: ReadonlyMap<EventType, readonly PersonalField[]> = new Map(
  (Object.entries(EVENT_SCHEMAS) as [EventType, z.ZodObject][]).map(([type, schema]) => [type, marked(schema.shape.data as z.ZodObject)]),
);

/** The personal fields of every event's metadata (the actor), the owner a sibling metadata field. */
export const PERSONAL_METADATA: readonly PersonalField[] = marked(EventMetadata);
