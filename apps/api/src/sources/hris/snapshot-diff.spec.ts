import { decide, evolve, initialOrgState, commandFor, type OrgState } from '@orghealth/domain';
import { personJoined, personLeft } from '../../../../../libs/domain/src/testing/builders.js';
import type { SnapshotPerson } from './snapshot-csv.js';
import { DEFAULT_SNAPSHOT_GUARD, latestStructureChange, planSnapshot } from './snapshot-diff.js';
import { uuidV5 } from './snapshot-ids.js';

const JAN = '2026-01-05T09:00:00Z';
const FEB = '2026-02-01T00:00:00.000Z';
const seal = (_personId: string, text: string) => text;

let row = 1;
const person = (personId: string, managerId: string | null, details: Partial<SnapshotPerson> = {}): SnapshotPerson => ({
  row: ++row,
  personId,
  managerId,
  active: true,
  attributes: {},
  ...details,
});

/** CEO ── A ── A1, A2; CEO ── B ── B1: ten people would make the guard's shares easy, five keep the cases small. */
const recorded = () =>
  [
    personJoined('CEO', null, JAN, { attributes: { department: 'Exec' } }),
    personJoined('A', 'CEO', JAN, { title: 'VP', attributes: { department: 'Sales', location: 'Paris' } }),
    personJoined('B', 'CEO', JAN),
    personJoined('A1', 'A', JAN),
    personJoined('A2', 'A', JAN),
    personJoined('B1', 'B', JAN),
  ].reduce<OrgState>(evolve, initialOrgState());

const plan = (state: OrgState, people: SnapshotPerson[], guard = { maxLeaverShare: 1, maxManagerChangeShare: 1 }) =>
  planSnapshot({ orgId: 'acme', effectiveAt: FEB, structure: state.structure, people, seal, guard });

/** Applies the plan through the real decider, one event at a time, as the writer would. */
function apply(state: OrgState, events: ReturnType<typeof plan>['events']): OrgState {
  for (const event of events) for (const decided of decide(commandFor(event, '2026-06-30T00:00:00Z'), state)) evolve(state, decided);
  return state;
}

describe('planning a snapshot against the org at effectiveAt', () => {
  it('records nothing for a snapshot equal to the org', () => {
    const same = [
      person('CEO', null, { attributes: { department: 'Exec' } }),
      person('A', 'CEO', { title: 'VP', attributes: { department: 'Sales', location: 'Paris' } }),
      person('B', 'CEO'),
      person('A1', 'A'),
      person('A2', 'A'),
      person('B1', 'B'),
    ];
    expect(plan(recorded(), same).events).toEqual([]);
  });

  it('orders joins and moves top down, leaves bottom up, then updates, and every rule accepts them', () => {
    // B and B1 leave; a new manager N joins under CEO, takes A2 and a new hire H; A's attributes change.
    const snapshot = [
      person('H', 'N'),
      person('A2', 'N'),
      person('N', 'CEO', { name: 'Nia', email: 'nia@acme.test', attributes: { department: 'Ops' } }),
      person('CEO', null, { attributes: { department: 'Exec' } }),
      person('A', 'CEO', { title: 'VP', attributes: { department: 'Marketing' } }),
      person('A1', 'A'),
    ];
    const { events, leavers, managerChanges, activeBefore } = plan(recorded(), snapshot);
    expect(events.map((event) => `${event.type} ${event.data.personId}`)).toEqual([
      'PersonJoined N',
      'PersonJoined H', // siblings in file order
      'ReportingLineChanged A2',
      'PersonLeft B1',
      'PersonLeft B',
      'PersonUpdated A',
    ]);
    expect(events[0]!.data).toEqual({
      personId: 'N',
      managerId: 'CEO',
      name: 'Nia',
      email: 'nia@acme.test',
      attributes: { department: 'Ops' },
    });
    expect(events.at(-1)!.data).toEqual({ personId: 'A', attributes: { location: null, department: 'Marketing' } });
    expect({ leavers, managerChanges, activeBefore }).toEqual({ leavers: 2, managerChanges: 1, activeBefore: 6 });
    expect(new Set(events.map((event) => event.occurredAt))).toEqual(new Set([FEB]));
    expect(events.every((event) => event.metadata?.source === 'hris')).toBe(true);

    const after = apply(recorded(), events);
    // Resending the same snapshot now finds nothing to record.
    expect(plan(after, snapshot).events).toEqual([]);
  });

  it('gives the same ids to the same change of the same snapshot, and other ids to another instant', () => {
    const snapshot = [
      person('CEO', null, { attributes: { department: 'Exec' } }),
      person('A', 'CEO'),
      person('A1', 'A'),
      person('A2', 'A'),
      person('B', 'CEO'),
      person('B1', 'CEO'),
    ];
    const first = plan(recorded(), snapshot).events;
    expect(plan(recorded(), snapshot).events.map((event) => event.eventId)).toEqual(first.map((event) => event.eventId));
    const later = planSnapshot({
      orgId: 'acme',
      effectiveAt: '2026-03-01T00:00:00Z',
      structure: recorded().structure,
      people: snapshot,
      seal,
      guard: DEFAULT_SNAPSHOT_GUARD,
    }).events;
    expect(later.map((event) => event.eventId)).not.toEqual(first.map((event) => event.eventId));
  });

  it('computes UUIDv5 as RFC 9562 does (its example: the DNS namespace and www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('lets the guard refuse more than 20 % leavers or 30 % manager changes, with the counts', () => {
    const truncated = [
      person('CEO', null, { attributes: { department: 'Exec' } }),
      person('A', 'CEO', { title: 'VP', attributes: { department: 'Sales', location: 'Paris' } }),
      person('B', 'CEO'),
      person('A1', 'A'),
    ];
    const refused = plan(recorded(), truncated, DEFAULT_SNAPSHOT_GUARD);
    expect(refused.guardRefusal).toBe(
      '2 of 6 active people would leave (more than 20 %): a truncated export must not wipe an org; send force=true if this is right',
    );
    const moved = [
      person('CEO', null, { attributes: { department: 'Exec' } }),
      person('A', 'CEO', { title: 'VP', attributes: { department: 'Sales', location: 'Paris' } }),
      person('B', 'A'),
      person('A1', 'B'),
      person('A2', 'B'),
      person('B1', 'B'),
    ];
    expect(plan(recorded(), moved, DEFAULT_SNAPSHOT_GUARD).guardRefusal).toMatch(
      /^3 of 6 active people would change manager \(more than 30 %\)/,
    );
  });

  it('knows the latest structure change, leaves included', () => {
    expect(latestStructureChange(recorded().structure)).toBe(Date.parse(JAN));
    expect(latestStructureChange(evolve(recorded(), personLeft('B1', '2026-03-01T00:00:00Z')).structure)).toBe(
      Date.parse('2026-03-01T00:00:00Z'),
    );
  });
});
