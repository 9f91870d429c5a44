import { Instant } from '@orghealth/domain';
import { z } from 'zod';
import { Flag } from '../source-query.js';

export const SnapshotQuery = z.object({
  effectiveAt: Instant.meta({ description: 'The instant the HR system saw the org as the file lists it' }),
  format: z.enum(['generic']).default('generic').meta({ description: 'The column names: generic (the canonical ones)' }),
  dryRun: Flag.meta({ description: 'true: answer what would be recorded, record nothing' }),
  force: Flag.meta({ description: 'true: apply a snapshot the guard refuses (more than 20 % leavers or 30 % manager changes)' }),
});
export type SnapshotQuery = z.infer<typeof SnapshotQuery>;
