import { z } from 'zod';
import { envelopeSchema } from '../envelope/envelope.schema.js';
import { PersonId } from '../envelope/ids.schema.js';
import { FreeText, personal } from '../envelope/personal-data.js';

export const PersonJoinedData = z.strictObject({
  personId: PersonId,
  managerId: PersonId.nullable().meta({ description: 'null for the top of the org' }),
  name: personal(FreeText(200), 'personId').optional(),
  title: personal(FreeText(200), 'personId').optional(),
});

export const ReportingLineChangedData = z.strictObject({
  personId: PersonId,
  managerId: PersonId.nullable().meta({ description: 'the new manager; null = top of the org' }),
});

export const PersonLeftData = z.strictObject({ personId: PersonId });

export const PersonJoined = envelopeSchema('PersonJoined', PersonJoinedData);
export const ReportingLineChanged = envelopeSchema('ReportingLineChanged', ReportingLineChangedData);
export const PersonLeft = envelopeSchema('PersonLeft', PersonLeftData);
