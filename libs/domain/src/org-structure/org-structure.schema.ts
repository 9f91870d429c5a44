import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { PersonId } from '../envelope/ids.schema.js';
import { FreeText, personal } from '../envelope/personal-data.js';

export const MAX_ATTRIBUTES = 20;

/** An attribute's key: the HR field a company slices by (`department`, `location`, `costCenter`, ...). */
export const AttributeKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'an attribute key is a letter then up to 31 letters, digits or _')
  .meta({ description: 'An HR field to slice by, e.g. department, location, level' });
export const AttributeValue = z.string().min(1).max(128);

/** A person's attributes as set when they join: at most 20 keys. */
export const Attributes = z
  .record(AttributeKey, AttributeValue)
  .refine((attributes) => Object.keys(attributes).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`);
export type Attributes = z.infer<typeof Attributes>;

/** A change to a person's attributes, merged key by key: a key set to null is removed. */
export const AttributesPatch = z
  .record(AttributeKey, AttributeValue.nullable())
  .refine((patch) => Object.keys(patch).length >= 1, 'attributes must name at least one key')
  .refine((patch) => Object.keys(patch).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`);
export type AttributesPatch = z.infer<typeof AttributesPatch>;

/** Work email: how calendar and tool imports find the person; unique among the people active at one instant. */
export const Email = z.email({ error: 'must be an email address' }).max(254);

const personalDetails = {
  name: personal(FreeText(200), 'personId').optional(),
  title: personal(FreeText(200), 'personId').optional(),
  email: personal(Email, 'personId').optional(),
};

export const PersonJoinedData = z.strictObject({
  personId: PersonId,
  managerId: PersonId.nullable().meta({ description: 'null for the top of the org' }),
  ...personalDetails,
  attributes: Attributes.optional(),
});

export const PersonUpdatedData = z
  .strictObject({ personId: PersonId, ...personalDetails, attributes: AttributesPatch.optional() })
  .refine((data) => Object.keys(data).length > 1, { message: 'a PersonUpdated changes at least one of name, title, email, attributes' });

export const ReportingLineChangedData = z.strictObject({
  personId: PersonId,
  managerId: PersonId.nullable().meta({ description: 'the new manager; null = top of the org' }),
});

export const PersonLeftData = z.strictObject({ personId: PersonId });

export const PersonJoined = envelopeSchema('PersonJoined', PersonJoinedData);
export const PersonUpdated = envelopeSchema('PersonUpdated', PersonUpdatedData);
export const ReportingLineChanged = envelopeSchema('ReportingLineChanged', ReportingLineChangedData);
export const PersonLeft = envelopeSchema('PersonLeft', PersonLeftData);
