import {
  approvalRequested,
  approvalResolved,
  checkInHeld,
  decisionMade,
  feedbackGiven,
  outcomeFramed,
  personJoined,
  personLeft,
  personUpdated,
  planDelegated,
  planOverridden,
  planReclaimed,
  reportingLineChanged,
  skipLevelDone,
} from '../../../../domain/src/testing/builders.js';

/** T of both scenarios. Windows end at T: 7 d from 05-25, 28 d from 05-04, 30 d from 05-02, 90 d from 03-03, 180 d from 2025-12-03 (all exclusive). */
export const T = '2026-06-01T00:00:00Z';

const JOINED = '2026-01-01T09:00:00Z';

/**
 * M leads A and B; A leads A1, A2, A3; B leads B1. So D(M) = {A, B},
 * S(M) = {A1, A2, A3, B1}, S(A) and S(B) are empty. A holds a bit of every
 * practice, with facts on both sides of every window edge; B almost nothing.
 */
export const practicesOrg = () => [
  personJoined('M', null, JOINED),
  personJoined('A', 'M', JOINED),
  personJoined('B', 'M', JOINED),
  personJoined('A1', 'A', JOINED),
  personJoined('A2', 'A', JOINED),
  personJoined('A3', 'A', JOINED),
  personJoined('B1', 'B', JOINED),

  checkInHeld({ leaderId: 'A', reportId: 'A1', at: '2026-05-20T12:00:00Z' }),
  checkInHeld({ leaderId: 'A', reportId: 'A1', at: '2026-05-25T12:00:00Z' }),
  checkInHeld({ leaderId: 'A', reportId: 'A2', at: '2026-05-03T12:00:00Z' }), // in 30 d, not in 28 d
  checkInHeld({ leaderId: 'A', reportId: 'A3', at: '2026-05-02T00:00:00Z' }), // exactly T − 30 d: out
  checkInHeld({ leaderId: 'A', reportId: 'B1', at: '2026-05-20T12:00:00Z' }), // B1 is not A's report
  checkInHeld({ leaderId: 'B', reportId: 'B1', at: '2026-05-15T12:00:00Z' }),

  feedbackGiven({ giverId: 'A', receiverId: 'A1', at: '2026-05-01T12:00:00Z' }),
  feedbackGiven({ giverId: 'A', receiverId: 'A1', at: '2026-05-02T12:00:00Z' }),
  feedbackGiven({ giverId: 'A', receiverId: 'B1', at: '2026-05-02T12:00:00Z' }),
  feedbackGiven({ giverId: 'A', receiverId: 'A2', at: '2026-02-01T12:00:00Z' }), // before 90 d
  feedbackGiven({ giverId: 'A1', receiverId: 'A', solicited: true, at: '2026-04-01T12:00:00Z' }),
  feedbackGiven({ giverId: 'A2', receiverId: 'A', solicited: false, at: '2026-04-02T12:00:00Z' }),
  feedbackGiven({ giverId: 'A3', receiverId: 'A', solicited: true, at: '2026-01-15T12:00:00Z' }), // before 90 d
  feedbackGiven({ giverId: 'B1', receiverId: 'A', solicited: true, at: '2026-04-01T12:00:00Z' }), // B1 is not A's report

  skipLevelDone({ leaderId: 'M', reportId: 'A1', managerLoopedIn: true, at: '2026-04-01T12:00:00Z' }),
  skipLevelDone({ leaderId: 'M', reportId: 'A1', managerLoopedIn: false, at: '2026-04-10T12:00:00Z' }),
  skipLevelDone({ leaderId: 'M', reportId: 'B1', managerLoopedIn: true, at: '2026-05-01T12:00:00Z' }),
  skipLevelDone({ leaderId: 'M', reportId: 'A2', managerLoopedIn: false, at: '2026-02-01T12:00:00Z' }), // before 90 d

  outcomeFramed({ outcomeId: 'O1', leaderId: 'A', coCreatedWith: ['A1'], at: '2026-04-01T12:00:00Z' }),
  outcomeFramed({ outcomeId: 'O2', leaderId: 'A', coCreatedWith: [], at: '2026-04-02T12:00:00Z' }),
  outcomeFramed({ outcomeId: 'O3', leaderId: 'A', coCreatedWith: ['A2'], at: '2026-01-10T12:00:00Z' }), // before 90 d
  planDelegated({ planId: 'P1', outcomeId: 'O1', delegatorId: 'A', ownerId: 'A1', at: '2026-06-01T00:00:00Z' }), // exactly T: in
  planDelegated({ planId: 'P2', outcomeId: 'O3', delegatorId: 'A', ownerId: 'A2', at: '2026-04-05T12:00:00Z' }),
  planDelegated({ planId: 'P3', outcomeId: 'O3', delegatorId: 'A', ownerId: 'A3', at: '2026-01-20T12:00:00Z' }), // before 90 d
  planDelegated({ planId: 'P4', outcomeId: 'O2', delegatorId: 'B', ownerId: 'B1', at: '2026-04-10T12:00:00Z' }), // O2 delegated, but not by A
  planDelegated({ planId: 'P5', outcomeId: 'O2', delegatorId: 'A', ownerId: 'A2', at: '2026-06-02T12:00:00Z' }), // after T
  planReclaimed({ planId: 'P2', byId: 'A', at: '2026-04-20T12:00:00Z' }),
  planOverridden({ planId: 'P1', byId: 'M', at: '2026-06-01T00:00:00Z' }), // not by the delegator
  planReclaimed({ planId: 'P1', byId: 'A', at: '2026-06-05T12:00:00Z' }), // after T
  planReclaimed({ planId: 'P3', byId: 'A', at: '2026-02-01T12:00:00Z' }),

  approvalRequested({ requestId: 'R1', requesterId: 'A1', approverId: 'A', at: '2026-05-01T00:00:00Z' }),
  approvalResolved({ requestId: 'R1', at: '2026-05-01T10:00:00Z' }), // 10 h
  approvalRequested({ requestId: 'R2', requesterId: 'A1', approverId: 'A', at: '2026-05-02T00:00:00Z' }), // open
  approvalRequested({ requestId: 'R3', requesterId: 'A2', approverId: 'A', at: '2026-05-03T00:00:00Z' }),
  approvalResolved({ requestId: 'R3', at: '2026-06-03T00:00:00Z' }), // after T: open at T
  approvalRequested({ requestId: 'R4', requesterId: 'A2', approverId: 'A', at: '2026-06-02T00:00:00Z' }), // after T
  approvalRequested({ requestId: 'R5', requesterId: 'A3', approverId: 'A', at: '2026-04-01T00:00:00Z' }),
  approvalResolved({ requestId: 'R5', at: '2026-04-01T04:00:00Z' }), // 4 h
  approvalRequested({ requestId: 'R6', requesterId: 'A3', approverId: 'A', at: '2026-04-10T00:00:00Z' }),
  approvalResolved({ requestId: 'R6', at: '2026-04-11T06:00:00Z' }), // 30 h
  approvalRequested({ requestId: 'R7', requesterId: 'A1', approverId: 'A', at: '2026-04-20T00:00:00Z' }),
  approvalResolved({ requestId: 'R7', at: '2026-04-20T20:00:00Z' }), // 20 h
  approvalRequested({ requestId: 'R8', requesterId: 'A1', approverId: 'A', at: '2026-01-01T00:00:00Z' }),
  approvalResolved({ requestId: 'R8', at: '2026-02-01T00:00:00Z' }), // resolved before 90 d

  decisionMade({ kind: 'promotion', subjectId: 'A1', deciderId: 'A', approverIds: [], at: '2026-05-01T12:00:00Z' }),
  decisionMade({ kind: 'promotion', subjectId: 'A2', deciderId: 'A', approverIds: ['A', 'M'], at: '2026-03-01T12:00:00Z' }),
  decisionMade({ kind: 'hire', subjectId: 'A3', deciderId: 'A', approverIds: ['A'], at: '2026-01-05T12:00:00Z' }),
  decisionMade({ kind: 'hire', subjectId: 'X', deciderId: 'A', approverIds: [], at: '2025-11-01T12:00:00Z' }), // before 180 d
  decisionMade({ kind: 'hire', subjectId: 'B', deciderId: 'M', approverIds: [], at: '2026-05-10T12:00:00Z' }),
  decisionMade({ kind: 'hire', subjectId: 'Y', deciderId: 'A1', approverIds: ['A'], at: '2026-05-11T12:00:00Z' }),
];

/** Before the reorg of 15 May and the leaver of 20 May. */
export const BEFORE_REORG = '2026-05-14T00:00:00Z';

/**
 * M leads X and Y; X leads X1 and X2, Y leads Y1. On 15 May X2 moves from X
 * to Y; on 20 May Y1 leaves. So at T: D(X) = {X1}, D(Y) = {X2}; on 14 May:
 * D(X) = {X1, X2}, D(Y) = {Y1}.
 */
export const reorgOrg = () => [
  personJoined('M', null, JOINED),
  personJoined('X', 'M', JOINED),
  personJoined('Y', 'M', JOINED),
  personJoined('X1', 'X', JOINED),
  personJoined('X2', 'X', JOINED),
  personJoined('Y1', 'Y', JOINED),
  checkInHeld({ leaderId: 'X', reportId: 'X1', at: '2026-05-11T12:00:00Z' }),
  checkInHeld({ leaderId: 'X', reportId: 'X2', at: '2026-05-10T12:00:00Z' }),
  checkInHeld({ leaderId: 'Y', reportId: 'Y1', at: '2026-05-01T12:00:00Z' }),
  reportingLineChanged('X2', 'Y', '2026-05-15T09:00:00Z'),
  personLeft('Y1', '2026-05-20T09:00:00Z'),
];

/** Each person's department in departmentsOrg as they join (B1 joins without one). */
const DEPARTMENT_AT_JOIN: Record<string, string> = { M: 'Sales', A: 'Eng', A1: 'Sales', A2: 'Sales', A3: 'Eng', B: 'Ops' };

/**
 * The practices org with departments that change over time. At T, Sales is
 * M, A, A1 and B1: A moved in on 1 March; A2's department was removed on
 * 20 May; B1 got Sales on 1 April and kept it through a later update of
 * another key; A3's updates arrived out of order, and the later-occurring
 * one (Eng) wins. Z was in Sales, left, and rejoined without attributes: not
 * in Sales at T. On 15 February, Sales is M, A1, A2 and Z.
 */
export const departmentsOrg = () => [
  ...practicesOrg().map((event) =>
    event.type === 'PersonJoined' && DEPARTMENT_AT_JOIN[event.data.personId]
      ? {
          ...event,
          data: {
            ...event.data,
            attributes: {
              department: DEPARTMENT_AT_JOIN[event.data.personId]!,
              ...(event.data.personId === 'M' ? { location: 'Paris' } : {}),
            },
          },
        }
      : event,
  ),
  personUpdated('A', '2026-03-01T09:00:00Z', { attributes: { department: 'Sales' } }),
  personUpdated('A2', '2026-05-20T09:00:00Z', { attributes: { department: null } }),
  personUpdated('B1', '2026-04-01T09:00:00Z', { attributes: { department: 'Sales' } }),
  personUpdated('B1', '2026-05-01T09:00:00Z', { attributes: { location: 'Lyon' } }),
  personUpdated('A3', '2026-05-25T09:00:00Z', { attributes: { department: 'Eng' } }),
  personUpdated('A3', '2026-05-10T09:00:00Z', { attributes: { department: 'Sales' } }), // back-filled: recorded later, occurred earlier
  personJoined('Z', 'B', JOINED, { attributes: { department: 'Sales' } }),
  personLeft('Z', '2026-03-01T09:00:00Z'),
  personJoined('Z', 'B', '2026-04-01T09:00:00Z'),
];

/** Sales as departmentsOrg has it on 15 February. */
export const BEFORE_MOVES = '2026-02-15T00:00:00Z';
