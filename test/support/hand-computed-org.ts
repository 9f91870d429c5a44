import { checkInHeld, decisionMade, feedbackGiven, personJoined, skipLevelDone } from '../../libs/domain/src/testing/builders.js';

const JOINED = '2026-01-01T00:00:00Z';

/**
 * CEO ── VP1 ── A1, A2, A3, A4
 *    └── VP2 ── B1
 */
export const HAND_COMPUTED_ORG = [
  personJoined('CEO', null, JOINED),
  personJoined('VP1', 'CEO', JOINED),
  personJoined('VP2', 'CEO', JOINED),
  ...['A1', 'A2', 'A3', 'A4'].map((id) => personJoined(id, 'VP1', JOINED)),
  personJoined('B1', 'VP2', JOINED),
  checkInHeld({ leaderId: 'VP1', reportId: 'A1', at: '2026-06-10T10:00:00Z' }),
  checkInHeld({ leaderId: 'VP1', reportId: 'A2', at: '2026-06-12T10:00:00Z' }),
  checkInHeld({ leaderId: 'VP1', reportId: 'A1', at: '2026-06-20T10:00:00Z' }),
  checkInHeld({ leaderId: 'CEO', reportId: 'VP1', at: '2026-06-15T10:00:00Z' }),
  feedbackGiven({ giverId: 'VP1', receiverId: 'A3', at: '2026-05-10T10:00:00Z' }),
  feedbackGiven({ giverId: 'A1', receiverId: 'VP1', solicited: true, at: '2026-05-11T10:00:00Z' }),
  feedbackGiven({ giverId: 'A2', receiverId: 'VP1', solicited: false, at: '2026-05-12T10:00:00Z' }),
  skipLevelDone({ leaderId: 'CEO', reportId: 'A1', managerLoopedIn: true, at: '2026-05-01T10:00:00Z' }),
  decisionMade({ kind: 'promotion', subjectId: 'A1', deciderId: 'CEO', approverIds: [], at: '2026-04-01T10:00:00Z' }),
  decisionMade({ kind: 'pay_change', subjectId: 'A2', deciderId: 'VP1', approverIds: ['CEO'], at: '2026-04-02T10:00:00Z' }),
];
