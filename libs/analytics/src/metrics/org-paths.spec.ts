import { personJoined, personLeft, reportingLineChanged } from '../../../domain/src/testing/builders.js';
import type { InMemoryEventStore } from '@orghealth/event-store';
import { projectEvents } from '../projector/project-events.js';
import { ProjectionTarget } from '../projector/projection-target.js';
import { append, ORG_ID, storeWith } from '../testing/sample-org.js';
import { eachTestAnalytics, rows } from '../testing/test-analytics.js';
import type { AnalyticsClient } from '../analytics-client.js';
import { orgAt } from './org-at.js';
import { currentOrgPaths, deleteSupersededOrgPaths } from './org-paths.js';
import { reorgOrg } from './testing/scenarios.js';

const PATHS_AT_SQL = `
  SELECT person_id, path FROM org_paths FINAL
  WHERE org_id = {orgId:String} AND version = {version:UInt64}
    AND valid_from <= {asOf:DateTime64(3, 'UTC')} AND {asOf:DateTime64(3, 'UTC')} < valid_to
  ORDER BY length(path), person_id`;

/** The org at T as the path intervals give it, in orgAt's shape. */
async function orgFromPaths(client: AnalyticsClient, version: number, asOf: string) {
  const found = await rows<{ person_id: string; path: string[] }>(client, PATHS_AT_SQL, {
    orgId: ORG_ID,
    version,
    asOf: asOf.replace('T', ' ').replace('Z', ''),
  });
  return found.map(({ person_id, path }) => ({
    personId: person_id,
    managerId: path.length > 1 ? path.at(-2)! : null,
    layer: path.length,
  }));
}

async function projectNew(client: AnalyticsClient, store: InMemoryEventStore, after: number): Promise<number> {
  const stored = await store.readAll(after, 100_000);
  await new ProjectionTarget(client, 'analytics').write(projectEvents(stored, new Date()));
  return stored.at(-1)?.position ?? after;
}

/** Every structure event's instant, a millisecond either side, and the midpoints between them. */
function instantsAround(events: readonly { occurredAt: string }[]): string[] {
  const times = [...new Set(events.map((event) => Date.parse(event.occurredAt)))].sort((a, b) => a - b);
  const around = times.flatMap((time, index) => [
    time - 1,
    time,
    time + 1,
    ...(index > 0 ? [Math.round((times[index - 1]! + time) / 2)] : []),
  ]);
  return [...around, times.at(-1)! + 86_400_000].map((ms) => new Date(ms).toISOString());
}

// The same org as the point-in-time recursion of org-at.ts, in every shape the read side has to cope with.
const SCENARIOS: Record<string, () => { occurredAt: string }[]> = {
  'a reorg and a leaver': reorgOrg,
  'a manager who left, reports not moved, and came back': () => [
    personJoined('P', null, '2026-01-01T09:00:00Z'),
    personJoined('Q', 'P', '2026-01-01T09:00:00Z'),
    personJoined('R', 'Q', '2026-01-02T09:00:00Z'),
    personJoined('S', 'R', '2026-01-03T09:00:00Z'),
    personLeft('Q', '2026-02-01T09:00:00Z'),
    personJoined('Q', 'P', '2026-03-01T09:00:00Z'),
    reportingLineChanged('P', 'S', '2026-04-01T09:00:00Z'),
  ],
  'two changes of one person at the same instant, the later recorded one winning': () => [
    personJoined('A', null, '2026-01-01T09:00:00Z'),
    personJoined('B', 'A', '2026-01-01T09:00:00Z'),
    personJoined('C', 'A', '2026-01-01T09:00:00Z'),
    reportingLineChanged('C', 'B', '2026-02-01T09:00:00Z'),
    reportingLineChanged('C', 'A', '2026-02-01T09:00:00Z'),
    reportingLineChanged('B', 'C', '2026-03-01T09:00:00Z'),
  ],
};

describe('the org as path intervals', () => {
  const analytics = eachTestAnalytics();

  it.each(Object.keys(SCENARIOS))('is the org of the point-in-time recursion at every instant: %s', async (name) => {
    const events = SCENARIOS[name]!();
    await projectNew(analytics.client, await storeWith(events), 0);
    const version = await currentOrgPaths(analytics.client, ORG_ID);
    for (const asOf of instantsAround(events)) {
      expect({ asOf, org: await orgFromPaths(analytics.client, version, asOf) }).toEqual({
        asOf,
        org: await orgAt(analytics.client, ORG_ID, asOf),
      });
    }
  });

  it('computes a version once, a new one after a structure event, and deletes all but the two newest', async () => {
    const store = await storeWith([personJoined('A', null, '2026-01-01T09:00:00Z'), personJoined('B', 'A', '2026-01-02T09:00:00Z')]);
    let position = await projectNew(analytics.client, store, 0);
    const first = await currentOrgPaths(analytics.client, ORG_ID);
    expect(first).toBe(position);
    expect(await currentOrgPaths(analytics.client, ORG_ID)).toBe(first);

    const versions: number[] = [first];
    for (const [personId, day] of [
      ['C', '03'],
      ['D', '04'],
      ['E', '05'],
    ] as const) {
      await append(store, [personJoined(personId, 'A', `2026-01-${day}T09:00:00Z`)]);
      position = await projectNew(analytics.client, store, position);
      versions.push(await currentOrgPaths(analytics.client, ORG_ID));
    }
    expect(versions).toEqual([2, 3, 4, 5]);
    await deleteSupersededOrgPaths(analytics.client);
    const kept = await rows<{ version: number; people: number }>(
      analytics.client,
      'SELECT version, count() AS people FROM org_paths FINAL WHERE org_id = {orgId:String} GROUP BY version ORDER BY version',
      { orgId: ORG_ID },
    );
    expect(kept).toEqual([
      { version: 4, people: 4 },
      { version: 5, people: 5 },
    ]);
  });
});
