import { COMMAND_FOR_EVENT } from './commands.js';
import { ORG_FACT_TYPES, type OrgEvent } from './events.js';
import { decide, evolve } from './org.decider.js';
import { initialOrgState } from './org.state.js';
import {
  approvalRequested,
  approvalResolved,
  checkInHeld,
  command,
  decisionMade,
  feedbackGiven,
  outcomeFramed,
  personJoined,
  personLeft,
  personUpdated,
  planDelegated,
  planOverridden,
  planReclaimed,
  RECORDED_AT,
  reportingLineChanged,
  skipLevelDone,
} from './testing/builders.js';
import { given } from './testing/decider-specification.js';
import { JAN } from './testing/calendar.js';

/** One of each event type, in an order every rule accepts: E1 ── E2 ── E3, plus E4 who joins and leaves. */
const oneOfEach = (): OrgEvent[] => [
  personJoined('E1', null, '2026-01-05T09:00:00Z'),
  personJoined('E2', 'E1', '2026-01-05T10:00:00Z'),
  personJoined('E3', 'E2', '2026-01-05T11:00:00Z'),
  personJoined('E4', 'E2', '2026-01-05T12:00:00Z'),
  reportingLineChanged('E4', 'E1', '2026-01-06T09:00:00Z'),
  personUpdated('E3', '2026-01-06T10:00:00Z', { title: 'Engineer', email: 'e3@acme.test', attributes: { department: 'Eng' } }),
  outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', coCreatedWith: ['E2'], at: '2026-01-07T09:00:00Z' }),
  planDelegated({
    planId: 'P1',
    outcomeId: 'O1',
    delegatorId: 'E1',
    ownerId: 'E2',
    decisionRights: ['approach', 'scope'],
    at: '2026-01-08T09:00:00Z',
  }),
  planOverridden({ planId: 'P1', byId: 'E1', aspect: 'scope', at: '2026-01-09T09:00:00Z' }),
  checkInHeld({ leaderId: 'E1', reportId: 'E2', planIds: ['P1'], progress: 'on_track', at: '2026-01-10T09:00:00Z' }),
  feedbackGiven({ giverId: 'E2', receiverId: 'E1', kind: 'constructive', solicited: true, at: '2026-01-11T09:00:00Z' }),
  skipLevelDone({ leaderId: 'E1', reportId: 'E3', managerLoopedIn: true, at: '2026-01-12T09:00:00Z' }),
  approvalRequested({ requestId: 'R1', requesterId: 'E2', approverId: 'E1', at: '2026-01-13T09:00:00Z' }),
  approvalResolved({ requestId: 'R1', outcome: 'granted', at: '2026-01-14T09:00:00Z' }),
  decisionMade({ kind: 'hire', subjectId: 'E5', deciderId: 'E2', approverIds: ['E1'], at: '2026-01-15T09:00:00Z' }),
  planReclaimed({ planId: 'P1', byId: 'E1', at: '2026-01-16T09:00:00Z' }),
  personLeft('E4', '2026-01-17T09:00:00Z'),
];

describe('the org decider', () => {
  it('has one distinct command for every fact type (the alert lifecycle has its own decider)', () => {
    expect(Object.keys(COMMAND_FOR_EVENT).sort()).toEqual([...ORG_FACT_TYPES].sort());
    expect(new Set(Object.values(COMMAND_FOR_EVENT)).size).toBe(ORG_FACT_TYPES.length);
  });

  it('decides and evolves every event type: each command of a valid history records exactly its event', () => {
    const history = oneOfEach();
    expect(new Set(history.map((event) => event.type))).toEqual(new Set(ORG_FACT_TYPES));
    let state = initialOrgState();
    for (const event of history) {
      expect(decide(command(event), state)).toEqual([event]);
      state = evolve(state, event);
    }
  });

  it('only reads the state: deciding, accepted or rejected, leaves it as it was', () => {
    const state = oneOfEach().reduce(evolve, initialOrgState());
    const before = structuredClone(state);
    decide(command(checkInHeld({ leaderId: 'E1', reportId: 'E3', at: '2026-02-01T09:00:00Z' })), state);
    expect(() => decide(command(personLeft('E1', '2026-02-01T09:00:00Z')), state)).toThrow();
    expect(() => decide(command(reportingLineChanged('E1', 'E3', '2026-02-01T09:00:00Z')), state)).toThrow();
    expect(state).toEqual(before);
  });

  describe('occurredAt in the future', () => {
    // RECORDED_AT is 2026-06-30T12:00:00.000Z.
    it('accepts an occurredAt up to 5 minutes after recordedAt (clock skew)', () => {
      const skewed = personJoined('E1', null, '2026-06-30T12:05:00Z');
      given([]).when(command(skewed)).then([skewed]);
    });

    it('rejects an occurredAt more than 5 minutes after recordedAt', () => {
      const violation = given([])
        .when(command(personJoined('E1', null, '2026-06-30T12:05:01Z')))
        .thenThrows('EVENT.IN_THE_FUTURE');
      expect(violation.field).toBe('occurredAt');
      expect(violation.message).toBe(`occurredAt 2026-06-30T12:05:01Z is after the time it was recorded (${RECORDED_AT})`);
    });

    it('compares instants, whatever their offsets', () => {
      const sameInstant = personJoined('E1', null, '2026-06-30T14:04:00+02:00');
      given([]).when(command(sameInstant)).then([sameInstant]);
      given([])
        .when(command(personJoined('E1', null, '2026-06-30T10:06:00-02:00')))
        .thenThrows('EVENT.IN_THE_FUTURE');
    });

    it('measures against the recordedAt of the command', () => {
      const event = personJoined('E1', null, JAN);
      given([])
        .when(command(event, '2026-01-05T08:55:00Z'))
        .then([{ ...event, recordedAt: '2026-01-05T08:55:00Z' }]);
      given([]).when(command(event, '2026-01-05T08:54:59Z')).thenThrows('EVENT.IN_THE_FUTURE');
    });

    it.each(oneOfEach().map((event) => [event.type, event] as const))('rejects a future %s before any other rule', (_type, event) => {
      // Nothing is known of the org, so any other rule would fail too: the future check comes first.
      given([])
        .when(command({ ...event, occurredAt: '2026-07-01T00:00:00Z' }))
        .thenThrows('EVENT.IN_THE_FUTURE');
    });
  });
});
