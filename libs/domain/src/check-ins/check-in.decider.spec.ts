import { checkInHeld, command, outcomeFramed, personJoined, personLeft, planDelegated, reportingLineChanged } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR, MAY, JUN } from '../testing/calendar.js';

/** E1 at the top; E2 and E3 report to E1; E4 reports to E2. */
const org = () => [
  personJoined('E1', null, JAN),
  personJoined('E2', 'E1', JAN),
  personJoined('E3', 'E1', JAN),
  personJoined('E4', 'E2', JAN),
];

/** Plans P1 (to E2, March) and P2 (to E3, April) of outcome O1. */
const withPlans = () => [
  ...org(),
  outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', at: FEB }),
  planDelegated({ planId: 'P1', delegatorId: 'E1', ownerId: 'E2', at: MAR }),
  planDelegated({ planId: 'P2', delegatorId: 'E1', ownerId: 'E3', at: APR }),
];

describe('CheckInHeld', () => {
  it('records a 1:1 between a leader and a report', () => {
    const checkIn = checkInHeld({ leaderId: 'E1', reportId: 'E2', durationMinutes: 45, progress: 'at_risk', at: FEB });
    given(org()).when(command(checkIn)).then([checkIn]);
  });

  it('records a 1:1 that tracks plans delegated at or before it', () => {
    const checkIn = checkInHeld({ leaderId: 'E1', reportId: 'E2', planIds: ['P1', 'P2'], progress: 'on_track', at: APR });
    given(withPlans()).when(command(checkIn)).then([checkIn]);
  });

  it('rejects a 1:1 with oneself', () => {
    const violation = given(org())
      .when(command(checkInHeld({ leaderId: 'E2', reportId: 'E2', at: FEB })))
      .thenThrows('CHECK_IN.WITH_ONESELF');
    expect(violation.field).toBe('data.reportId');
    expect(violation.message).toBe('reportId must differ from leaderId (both are E2)');
  });

  it('rejects a leader who is not active', () => {
    const violation = given(org())
      .when(command(checkInHeld({ leaderId: 'E9', reportId: 'E2', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.leaderId');
  });

  it('rejects a report who left before', () => {
    const violation = given([...org(), personLeft('E4', FEB)])
      .when(command(checkInHeld({ leaderId: 'E2', reportId: 'E4', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.reportId');
    expect(violation.message).toBe(`reportId E4 is not active at ${MAR}`);
  });

  it('rejects a report who joins after', () => {
    given([...org(), personJoined('E5', 'E2', APR)])
      .when(command(checkInHeld({ leaderId: 'E2', reportId: 'E5', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a plan that does not exist, naming its position in planIds', () => {
    const violation = given(withPlans())
      .when(command(checkInHeld({ leaderId: 'E1', reportId: 'E2', planIds: ['P1', 'P9'], at: APR })))
      .thenThrows('PLAN.NOT_FOUND');
    expect(violation.field).toBe('data.planIds.1');
    expect(violation.message).toBe(`planIds.1 P9 was not delegated at or before ${APR}`);
  });

  it('rejects a plan delegated only after the 1:1', () => {
    given(withPlans())
      .when(command(checkInHeld({ leaderId: 'E1', reportId: 'E3', planIds: ['P2'], at: MAR })))
      .thenThrows('PLAN.NOT_FOUND');
  });

  it('rejects a checkInId already recorded in the org', () => {
    const violation = given([...org(), checkInHeld({ checkInId: 'C1', leaderId: 'E1', reportId: 'E2', at: FEB })])
      .when(command(checkInHeld({ checkInId: 'C1', leaderId: 'E1', reportId: 'E3', at: MAR })))
      .thenThrows('CHECK_IN.ALREADY_RECORDED');
    expect(violation.field).toBe('data.checkInId');
  });

  it('compares instants, whatever the offset they are written with', () => {
    // 10:30+02:00 is 08:30Z, half an hour before E5 joined.
    const history = [...org(), personJoined('E5', 'E2', '2026-02-02T09:00:00Z')];
    given(history)
      .when(command(checkInHeld({ leaderId: 'E2', reportId: 'E5', at: '2026-02-02T10:30:00+02:00' })))
      .thenThrows('PERSON.NOT_ACTIVE');
    const afterJoining = checkInHeld({ leaderId: 'E2', reportId: 'E5', at: '2026-02-02T04:30:00-05:00' });
    given(history).when(command(afterJoining)).then([afterJoining]);
  });

  describe('back-filled to last month', () => {
    it('records a 1:1 valid then, though the report has left since', () => {
      const lastMonth = checkInHeld({ leaderId: 'E2', reportId: 'E4', at: APR });
      given([...org(), personLeft('E4', MAY)])
        .when(command(lastMonth))
        .then([lastMonth]);
    });

    it('rejects a 1:1 invalid then, though the report is active now', () => {
      given([...org(), personJoined('E5', 'E2', MAY)])
        .when(command(checkInHeld({ leaderId: 'E2', reportId: 'E5', at: APR })))
        .thenThrows('PERSON.NOT_ACTIVE');
    });

    it('records a 1:1 with last month’s manager, whoever the manager is now', () => {
      const lastMonth = checkInHeld({ leaderId: 'E2', reportId: 'E4', at: APR });
      given([...org(), reportingLineChanged('E4', 'E3', MAY)])
        .when(command(lastMonth))
        .then([lastMonth]);
      const now = checkInHeld({ leaderId: 'E3', reportId: 'E4', at: JUN });
      given([...org(), reportingLineChanged('E4', 'E3', MAY)])
        .when(command(now))
        .then([now]);
    });
  });
});
