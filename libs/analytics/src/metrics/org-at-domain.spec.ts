import { decide, evolve, initialOrgState, orgAt as domainOrgAt, RuleViolation, type OrgEvent, type OrgState } from '@orghealth/domain';
import { command, personJoined, personLeft, reportingLineChanged } from '../../../domain/src/testing/builders.js';
import { ORG_ID } from '../testing/sample-org.js';
import { eachTestAnalytics, rows } from '../testing/test-analytics.js';
import { toDateTime64 } from '../clickhouse-time.js';
import { orgAt } from './org-at.js';
import { projectInto } from './testing/project-into.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T09:00:00Z');

/** mulberry32: a failing seed reproduces its org. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random reporting-line history the write side accepts: joins, moves,
 * leaves and rejoins on a few days, recorded out of order (back-filled) and
 * several at one instant, each proposal kept only when the decider takes it.
 */
function generatedOrg(seed: number, proposals: number): { events: OrgEvent[]; state: OrgState } {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const people = Array.from({ length: 10 }, (_, i) => `P${i}`);
  const state = initialOrgState();
  const events: OrgEvent[] = [];
  for (let i = 0; i < proposals; i++) {
    const t = START + Math.floor(random() * 20) * DAY;
    const at = new Date(t).toISOString();
    const active = domainOrgAt(state.structure, t);
    const activeIds = active.map((position) => position.personId);
    const manager = activeIds.length === 0 || random() < 0.15 ? null : pick(activeIds);
    const absent = people.filter((person) => !activeIds.includes(person));
    const roll = random();
    const proposal =
      activeIds.length === 0 || (roll < 0.4 && absent.length > 0)
        ? personJoined(pick(absent), manager, at)
        : roll < 0.8
          ? reportingLineChanged(pick(activeIds), manager, at)
          : personLeft(pick(active.filter((position) => position.directs.length === 0)).personId, at);
    try {
      for (const event of decide(command(proposal), state)) {
        evolve(state, event);
        events.push(event as OrgEvent);
      }
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
    }
  }
  return { events, state };
}

/** Every instant an event happened at, the millisecond before each, and a day after the last. */
function instantsOf(events: readonly OrgEvent[]): number[] {
  const times = [...new Set(events.map((event) => Date.parse(event.occurredAt)))].sort((a, b) => a - b);
  return [...times.flatMap((time) => [time - 1, time]), times.at(-1)! + DAY];
}

const VIEW_PEOPLE_SQL = `
  SELECT person_id AS personId, manager_id AS managerId, layer
  FROM people_as_of(orgId = {orgId:String}, asOf = {asOf:DateTime64(3, 'UTC')}) ORDER BY layer, person_id`;
const VIEW_MANAGERS_SQL = `
  SELECT person_id AS personId, layer, span_of_control AS span, skip_level_reports AS skips
  FROM managers_as_of(orgId = {orgId:String}, asOf = {asOf:DateTime64(3, 'UTC')}) ORDER BY person_id`;

describe("the org at T in SQL is the domain's org at T", () => {
  const analytics = eachTestAnalytics();

  it.each([1, 2, 3])(
    'for a generated reporting-line history (seed %i), at every instant, in orgAt and in the analyst views',
    async (seed) => {
      const { events, state } = generatedOrg(seed, 60);
      // Not a comparison of empty orgs: the history holds moves and leaves.
      expect(new Set(events.map((event) => event.type))).toEqual(new Set(['PersonJoined', 'ReportingLineChanged', 'PersonLeft']));
      await projectInto(analytics.client, events);

      for (const [index, at] of instantsOf(events).entries()) {
        const domain = domainOrgAt(state.structure, at);
        const expected = domain.map(({ personId, managerId, layer }) => ({ personId, managerId, layer }));
        const asOf = new Date(at).toISOString();
        expect({ asOf, org: await orgAt(analytics.client, ORG_ID, asOf) }).toEqual({ asOf, org: expected });

        // The views at every third instant: they read the same intervals, and each query costs the shared machine.
        if (index % 3 !== 0) continue;
        const params = { orgId: ORG_ID, asOf: toDateTime64(asOf) };
        expect({ asOf, view: await rows(analytics.client, VIEW_PEOPLE_SQL, params) }).toEqual({ asOf, view: expected });
        const layerOf = new Map(domain.map((position) => [position.personId, position]));
        const managers = domain
          .filter((position) => position.directs.length > 0)
          .map(({ personId, layer, directs }) => ({
            personId,
            layer,
            span: directs.length,
            skips: directs.reduce((sum, direct) => sum + layerOf.get(direct)!.directs.length, 0),
          }))
          .sort((a, b) => (a.personId < b.personId ? -1 : 1));
        expect({ asOf, managers: await rows(analytics.client, VIEW_MANAGERS_SQL, params) }).toEqual({ asOf, managers });
      }
    },
  );
});
