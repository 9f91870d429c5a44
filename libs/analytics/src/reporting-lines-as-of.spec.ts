import { personJoined, personLeft, reportingLineChanged } from '../../domain/src/testing/builders.js';
import { projectEvents } from './projector/project-events.js';
import { ProjectionTarget } from './projector/projection-target.js';
import { reportingLinesAsOf } from './reporting-lines-as-of.js';
import { readAllStored, sampleOrg, storeWith } from './testing/sample-org.js';
import { eachTestAnalytics } from './testing/test-analytics.js';

describe('reportingLinesAsOf', () => {
  const analytics = eachTestAnalytics();

  async function project(events: object[]) {
    const batch = projectEvents(await readAllStored(await storeWith(events)), new Date());
    await new ProjectionTarget(analytics.client, 'analytics').write(batch);
  }

  const managers = async (asOf: string) =>
    Object.fromEntries((await reportingLinesAsOf(analytics.client, 'acme', asOf)).map((line) => [line.personId, line.managerId]));

  it('gives the org as it stood at any instant, before and after a reorg and a departure', async () => {
    await project(sampleOrg());
    expect(await managers('2025-12-31T23:59:59Z')).toEqual({});
    expect(await managers('2026-01-02T09:00:00Z')).toEqual({ E1: null, E2: 'E1', E3: 'E1' });
    expect(await managers('2026-02-28T23:59:59.999Z')).toEqual({ E1: null, E2: 'E1', E3: 'E1', E4: 'E2', E5: 'E2' });
    // occurred_at <= T: the reorg counts at its own instant.
    expect(await managers('2026-03-01T09:00:00Z')).toEqual({ E1: null, E2: 'E1', E3: 'E1', E4: 'E3', E5: 'E2' });
    expect(await managers('2026-04-01T10:00:00+01:00')).toEqual({ E1: null, E2: 'E1', E3: 'E1', E4: 'E3' });
  });

  it('takes a back-filled change at its occurredAt, and the store order for changes at the same instant', async () => {
    await project([
      personJoined('A', null, '2026-01-01T09:00:00Z'),
      personJoined('B', 'A', '2026-01-01T09:00:00Z'),
      personJoined('C', 'A', '2026-01-01T09:00:00Z'),
      reportingLineChanged('C', 'B', '2026-02-01T09:00:00Z'),
      // Recorded later, happened earlier: it is C's line between 15 January and 1 February.
      reportingLineChanged('C', null, '2026-01-15T09:00:00Z'),
      // Two changes at one instant: the later in the store wins.
      reportingLineChanged('B', null, '2026-03-01T09:00:00Z'),
      reportingLineChanged('B', 'A', '2026-03-01T09:00:00Z'),
      personLeft('C', '2026-04-01T09:00:00Z'),
      personJoined('C', 'B', '2026-05-01T09:00:00Z'),
    ]);
    expect(await managers('2026-01-20T00:00:00Z')).toEqual({ A: null, B: 'A', C: null });
    expect(await managers('2026-02-01T09:00:00Z')).toEqual({ A: null, B: 'A', C: 'B' });
    expect(await managers('2026-03-01T09:00:00Z')).toEqual({ A: null, B: 'A', C: 'B' });
    expect(await managers('2026-04-15T00:00:00Z')).toEqual({ A: null, B: 'A' });
    expect(await managers('2026-05-01T09:00:00Z')).toEqual({ A: null, B: 'A', C: 'B' });
  });

  it('keeps orgs apart', async () => {
    await project([personJoined('A', null, '2026-01-01T09:00:00Z')]);
    expect(await reportingLinesAsOf(analytics.client, 'globex', '2026-06-01T00:00:00Z')).toEqual([]);
  });
});
