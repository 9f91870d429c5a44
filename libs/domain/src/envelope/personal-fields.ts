import { z } from 'zod';
import { EVENT_SCHEMAS, type EventType } from '../events.js';
import { personalDataRegistry } from './personal-data.js';

/** A personal data field of an event's data, and the sibling field naming the person it belongs to. */
export interface PersonalField {
  field: string;
  owner: string;
}

/** Every event type's personal fields, read once from the schemas' `personal()` marks: a field marked later is covered at once. */
export const PERSONAL_FIELDS: ReadonlyMap<EventType, readonly PersonalField[]> = new Map(
  (Object.entries(EVENT_SCHEMAS) as [EventType, z.ZodObject][]).map(([type, schema]) => {
    const data = schema.shape['data'] as z.ZodObject;
    const fields = Object.entries(data.shape).flatMap(([field, fieldSchema]) => {
      const inner = fieldSchema instanceof z.ZodOptional ? (fieldSchema.unwrap() as z.ZodType) : (fieldSchema as z.ZodType);
      const meta = personalDataRegistry.get(inner);
      return meta ? [{ field, owner: meta.owner }] : [];
    });
    return [type, fields];
  }),
);
