import { command, personJoined, personLeft, reportingLineChanged, skipLevelDone } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR, MAY, JUN } from '../testing/calendar.js';

/**
 * E1 ── E3 ── E10 ── E20 ── E30
 *   │     └── E17
 *   └── E5 ── E50 ── E51
 */
const org = () => [
  personJoined('E1', null, JAN),
  personJoined('E3', 'E1', JAN),
  personJoined('E10', 'E3', JAN),
  personJoined('E17', 'E3', JAN),
  personJoined('E20', 'E10', JAN),
  personJoined('E30', 'E20', JAN),
  personJoined('E5', 'E1', JAN),
  personJoined('E50', 'E5', JAN),
  personJoined('E51', 'E50', JAN),
];

describe('SkipLevelDone', () => {
  it('records a skip-level with someone exactly two levels below', () => {
    const meeting = skipLevelDone({ leaderId: 'E3', reportId: 'E20', managerLoopedIn: true, at: FEB });
    given(org()).when(command(meeting)).then([meeting]);
  });

  it('records a skip-level with someone three levels below', () => {
    const meeting = skipLevelDone({ leaderId: 'E3', reportId: 'E30', managerLoopedIn: false, at: FEB });
    given(org()).when(command(meeting)).then([meeting]);
  });

  it('records a skip-level from the top of the org deep into a branch', () => {
    const meeting = skipLevelDone({ leaderId: 'E1', reportId: 'E51', at: FEB });
    given(org()).when(command(meeting)).then([meeting]);
  });

  it('rejects a direct report', () => {
    const violation = given(org())
      .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E17', at: FEB })))
      .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
    expect(violation.field).toBe('data.reportId');
    expect(violation.message).toBe(`reportId E17 is not two levels below E3 at ${FEB}`);
  });

  it('rejects someone in another branch, even two layers further down', () => {
    given(org())
      .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E51', at: FEB })))
      .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
  });

  it('rejects someone above the leader', () => {
    given(org())
      .when(command(skipLevelDone({ leaderId: 'E20', reportId: 'E3', at: FEB })))
      .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
  });

  it('rejects the leader themself', () => {
    given(org())
      .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E3', at: FEB })))
      .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
  });

  it('rejects a leader who is not active', () => {
    const violation = given(org())
      .when(command(skipLevelDone({ leaderId: 'E9', reportId: 'E20', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.leaderId');
  });

  it('rejects a leader who joins after occurredAt', () => {
    given([...org(), personJoined('E7', 'E1', MAR)])
      .when(command(skipLevelDone({ leaderId: 'E7', reportId: 'E20', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a report who left', () => {
    const violation = given([...org(), personLeft('E30', FEB)])
      .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E30', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.reportId');
  });

  it('rejects a meetingId already recorded in the org', () => {
    const violation = given([...org(), skipLevelDone({ meetingId: 'M1', leaderId: 'E3', reportId: 'E20', at: FEB })])
      .when(command(skipLevelDone({ meetingId: 'M1', leaderId: 'E1', reportId: 'E20', at: MAR })))
      .thenThrows('SKIP_LEVEL.ALREADY_RECORDED');
    expect(violation.field).toBe('data.meetingId');
  });

  describe('back-filled to last month, against last month’s reporting lines', () => {
    // In May E20 was moved up to report to E3 directly, and E17 down under E10.
    const reorganised = () => [...org(), reportingLineChanged('E20', 'E3', MAY), reportingLineChanged('E17', 'E10', MAY)];

    it('records a skip-level valid then, though a direct report now', () => {
      const lastMonth = skipLevelDone({ leaderId: 'E3', reportId: 'E20', at: APR });
      given(reorganised()).when(command(lastMonth)).then([lastMonth]);
      given(reorganised())
        .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E20', at: JUN })))
        .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
    });

    it('rejects a skip-level invalid then, though two levels below now', () => {
      const violation = given(reorganised())
        .when(command(skipLevelDone({ leaderId: 'E3', reportId: 'E17', at: APR })))
        .thenThrows('SKIP_LEVEL.NOT_TWO_LEVELS_BELOW');
      expect(violation.message).toBe(`reportId E17 is not two levels below E3 at ${APR}`);
      const now = skipLevelDone({ leaderId: 'E3', reportId: 'E17', at: JUN });
      given(reorganised()).when(command(now)).then([now]);
    });

    it('uses the reporting line changed at the very instant of the meeting', () => {
      const atTheChange = skipLevelDone({ leaderId: 'E3', reportId: 'E17', at: MAY });
      given(reorganised()).when(command(atTheChange)).then([atTheChange]);
    });
  });
});
