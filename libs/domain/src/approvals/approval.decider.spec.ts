import { approvalRequested, approvalResolved, command, personJoined, personLeft } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR, MAY } from '../testing/calendar.js';

/** E1 at the top; E2 and E3 report to E1. */
const org = () => [personJoined('E1', null, JAN), personJoined('E2', 'E1', JAN), personJoined('E3', 'E1', JAN)];
/** Request R1 from E2 to E1 in February. */
const requested = () => [...org(), approvalRequested({ requestId: 'R1', requesterId: 'E2', approverId: 'E1', at: FEB })];

describe('ApprovalRequested', () => {
  it('records a request to an active approver', () => {
    const request = approvalRequested({ requestId: 'R1', requesterId: 'E2', approverId: 'E1', topic: 'Hire a contractor', at: FEB });
    given(org()).when(command(request)).then([request]);
  });

  it('rejects a request to oneself', () => {
    const violation = given(org())
      .when(command(approvalRequested({ requesterId: 'E2', approverId: 'E2', at: FEB })))
      .thenThrows('APPROVAL.FROM_ONESELF');
    expect(violation.field).toBe('data.approverId');
  });

  it('rejects a requester who is not active', () => {
    const violation = given(org())
      .when(command(approvalRequested({ requesterId: 'E9', approverId: 'E1', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.requesterId');
  });

  it('rejects a requester who joins after occurredAt', () => {
    given([...org(), personJoined('E4', 'E1', MAR)])
      .when(command(approvalRequested({ requesterId: 'E4', approverId: 'E1', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects an approver who left', () => {
    const violation = given([...org(), personLeft('E3', FEB)])
      .when(command(approvalRequested({ requesterId: 'E2', approverId: 'E3', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.approverId');
  });

  it('rejects a requestId already requested in the org', () => {
    const violation = given(requested())
      .when(command(approvalRequested({ requestId: 'R1', requesterId: 'E3', approverId: 'E1', at: MAR })))
      .thenThrows('APPROVAL.ALREADY_REQUESTED');
    expect(violation.field).toBe('data.requestId');
  });
});

describe('ApprovalResolved', () => {
  it('records the resolution of a pending request', () => {
    const granted = approvalResolved({ requestId: 'R1', outcome: 'granted', at: MAR });
    given(requested()).when(command(granted)).then([granted]);
    const declined = approvalResolved({ requestId: 'R1', outcome: 'declined', at: MAR });
    given(requested()).when(command(declined)).then([declined]);
  });

  it('records a resolution at the very instant of the request', () => {
    const resolved = approvalResolved({ requestId: 'R1', at: FEB });
    given(requested()).when(command(resolved)).then([resolved]);
  });

  it('records a resolution after the requester has left (no person is named by it)', () => {
    const resolved = approvalResolved({ requestId: 'R1', at: APR });
    given([...requested(), personLeft('E2', MAR)])
      .when(command(resolved))
      .then([resolved]);
  });

  it('rejects a request that does not exist', () => {
    const violation = given(requested())
      .when(command(approvalResolved({ requestId: 'R9', at: MAR })))
      .thenThrows('APPROVAL.NOT_FOUND');
    expect(violation.field).toBe('data.requestId');
    expect(violation.message).toBe(`requestId R9 was not requested at or before ${MAR}`);
  });

  it('rejects a resolution back-filled before the request', () => {
    given(requested())
      .when(command(approvalResolved({ requestId: 'R1', at: JAN })))
      .thenThrows('APPROVAL.NOT_FOUND');
  });

  it('rejects resolving a request twice', () => {
    const violation = given([...requested(), approvalResolved({ requestId: 'R1', outcome: 'granted', at: MAR })])
      .when(command(approvalResolved({ requestId: 'R1', outcome: 'declined', at: APR })))
      .thenThrows('APPROVAL.ALREADY_RESOLVED');
    expect(violation.field).toBe('data.requestId');
    expect(violation.message).toBe('requestId R1 was already resolved at 2026-03-02T09:00:00.000Z');
  });

  it('rejects a second resolution even when back-filled before the first', () => {
    given([...requested(), approvalResolved({ requestId: 'R1', at: MAY })])
      .when(command(approvalResolved({ requestId: 'R1', at: MAR })))
      .thenThrows('APPROVAL.ALREADY_RESOLVED');
  });
});
