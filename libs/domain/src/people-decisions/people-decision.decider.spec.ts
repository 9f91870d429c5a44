import { command, decisionMade, personJoined, personLeft } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR } from '../testing/calendar.js';

/** E1 at the top; E2 and E3 report to E1; E4 reports to E2. */
const org = () => [
  personJoined('E1', null, JAN),
  personJoined('E2', 'E1', JAN),
  personJoined('E3', 'E1', JAN),
  personJoined('E4', 'E2', JAN),
];

describe('DecisionMade', () => {
  it('records a promotion approved by others', () => {
    const decision = decisionMade({ kind: 'promotion', subjectId: 'E4', deciderId: 'E2', approverIds: ['E1', 'E3'], at: FEB });
    given(org()).when(command(decision)).then([decision]);
  });

  it('records a hire whose subject has not joined yet', () => {
    const hire = decisionMade({ kind: 'hire', subjectId: 'E5', deciderId: 'E2', approverIds: ['E1'], at: FEB });
    given(org()).when(command(hire)).then([hire]);
  });

  it('records a hire whose subject joins afterwards', () => {
    const hire = decisionMade({ kind: 'hire', subjectId: 'E5', deciderId: 'E2', approverIds: ['E1'], at: FEB });
    given([...org(), personJoined('E5', 'E2', MAR)])
      .when(command(hire))
      .then([hire]);
  });

  it('records a unilateral decision (a signal, not a rule)', () => {
    const alone = decisionMade({ kind: 'pay_change', subjectId: 'E4', deciderId: 'E2', approverIds: ['E2'], at: FEB });
    given(org()).when(command(alone)).then([alone]);
    const noApprovers = decisionMade({ kind: 'termination', subjectId: 'E4', deciderId: 'E2', approverIds: [], at: FEB });
    given(org()).when(command(noApprovers)).then([noApprovers]);
  });

  it.each(['promotion', 'pay_change', 'termination'] as const)('rejects a %s whose subject has not joined', (kind) => {
    const violation = given(org())
      .when(command(decisionMade({ kind, subjectId: 'E5', deciderId: 'E2', approverIds: ['E1'], at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.subjectId');
  });

  it('rejects a promotion whose subject left before', () => {
    given([...org(), personLeft('E4', FEB)])
      .when(command(decisionMade({ kind: 'promotion', subjectId: 'E4', deciderId: 'E2', approverIds: ['E1'], at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a promotion whose subject joins only afterwards', () => {
    given([...org(), personJoined('E5', 'E2', MAR)])
      .when(command(decisionMade({ kind: 'promotion', subjectId: 'E5', deciderId: 'E2', approverIds: ['E1'], at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a decider who is not active', () => {
    const violation = given([...org(), personLeft('E3', FEB)])
      .when(command(decisionMade({ kind: 'hire', subjectId: 'E5', deciderId: 'E3', approverIds: ['E1'], at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.deciderId');
  });

  it('rejects an approver who is not active, naming the position in approverIds', () => {
    const violation = given([...org(), personLeft('E3', FEB)])
      .when(command(decisionMade({ kind: 'promotion', subjectId: 'E4', deciderId: 'E2', approverIds: ['E1', 'E3'], at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.approverIds.1');
    expect(violation.message).toBe(`approverIds.1 E3 is not active at ${MAR}`);
  });

  it('rejects an approver of a hire who is not active yet', () => {
    given([...org(), personJoined('E6', 'E1', APR)])
      .when(command(decisionMade({ kind: 'hire', subjectId: 'E5', deciderId: 'E2', approverIds: ['E6'], at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a decisionId already recorded in the org', () => {
    const violation = given([
      ...org(),
      decisionMade({ decisionId: 'D1', kind: 'promotion', subjectId: 'E4', deciderId: 'E2', approverIds: ['E1'], at: FEB }),
    ])
      .when(command(decisionMade({ decisionId: 'D1', kind: 'pay_change', subjectId: 'E4', deciderId: 'E2', approverIds: ['E1'], at: MAR })))
      .thenThrows('DECISION.ALREADY_RECORDED');
    expect(violation.field).toBe('data.decisionId');
  });
});
