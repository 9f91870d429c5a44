import {
  command,
  outcomeFramed,
  personJoined,
  personLeft,
  planDelegated,
  planOverridden,
  planReclaimed,
  reportingLineChanged,
} from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR, MAY, JUN } from '../testing/calendar.js';

/** E1 at the top; E2 and E3 report to E1; E4 and E5 report to E2. */
const org = () => [
  personJoined('E1', null, JAN),
  personJoined('E2', 'E1', JAN),
  personJoined('E3', 'E1', JAN),
  personJoined('E4', 'E2', JAN),
  personJoined('E5', 'E2', JAN),
];

describe('OutcomeFramed', () => {
  it('records an outcome co-created with active managers', () => {
    const framed = outcomeFramed({ leaderId: 'E1', coCreatedWith: ['E2', 'E3'], dueBy: '2026-09-30', at: FEB });
    given(org()).when(command(framed)).then([framed]);
  });

  it('records an outcome framed alone (coCreatedWith empty)', () => {
    const framed = outcomeFramed({ leaderId: 'E1', coCreatedWith: [], at: FEB });
    given(org()).when(command(framed)).then([framed]);
  });

  it('rejects a leader who never joined', () => {
    const violation = given(org())
      .when(command(outcomeFramed({ leaderId: 'E9', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.leaderId');
  });

  it('rejects a leader who left before occurredAt', () => {
    given([...org(), personLeft('E3', FEB)])
      .when(command(outcomeFramed({ leaderId: 'E3', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a leader who joins after occurredAt', () => {
    given([...org(), personJoined('E6', 'E1', MAR)])
      .when(command(outcomeFramed({ leaderId: 'E6', at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a co-creator who is not active, naming the position in the list', () => {
    const violation = given([...org(), personLeft('E3', FEB)])
      .when(command(outcomeFramed({ leaderId: 'E1', coCreatedWith: ['E2', 'E3'], at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.coCreatedWith.1');
    expect(violation.message).toBe(`coCreatedWith.1 E3 is not active at ${MAR}`);
  });

  it('rejects a co-creator who joins after occurredAt', () => {
    given([...org(), personJoined('E6', 'E1', MAR)])
      .when(command(outcomeFramed({ leaderId: 'E1', coCreatedWith: ['E6'], at: FEB })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects an outcomeId already framed in the org', () => {
    const violation = given([...org(), outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', at: FEB })])
      .when(command(outcomeFramed({ outcomeId: 'O1', leaderId: 'E2', at: MAR })))
      .thenThrows('OUTCOME.ALREADY_FRAMED');
    expect(violation.field).toBe('data.outcomeId');
  });
});

describe('PlanDelegated', () => {
  const framed = () => [...org(), outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', at: FEB })];

  it('records a plan delegated by a leader to a manager', () => {
    const plan = planDelegated({ delegatorId: 'E1', ownerId: 'E2', decisionRights: ['approach', 'budget'], budgetLimit: 50_000, at: MAR });
    given(framed()).when(command(plan)).then([plan]);
  });

  it('records a plan delegated at the very instant the outcome was framed', () => {
    const plan = planDelegated({ delegatorId: 'E1', ownerId: 'E2', at: FEB });
    given(framed()).when(command(plan)).then([plan]);
  });

  it('rejects an owner who is the delegator', () => {
    const violation = given(framed())
      .when(command(planDelegated({ delegatorId: 'E1', ownerId: 'E1', at: MAR })))
      .thenThrows('PLAN.SELF_DELEGATION');
    expect(violation.field).toBe('data.ownerId');
    expect(violation.message).toBe('ownerId must differ from delegatorId (both are E1)');
  });

  it('rejects an outcome that does not exist', () => {
    const violation = given(framed())
      .when(command(planDelegated({ outcomeId: 'O9', delegatorId: 'E1', ownerId: 'E2', at: MAR })))
      .thenThrows('OUTCOME.NOT_FOUND');
    expect(violation.field).toBe('data.outcomeId');
    expect(violation.message).toBe(`outcomeId O9 was not framed at or before ${MAR}`);
  });

  it('rejects an outcome framed only after occurredAt', () => {
    given([...org(), outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', at: APR })])
      .when(command(planDelegated({ delegatorId: 'E1', ownerId: 'E2', at: MAR })))
      .thenThrows('OUTCOME.NOT_FOUND');
  });

  it('rejects a delegator who is not active', () => {
    const violation = given([...framed(), personJoined('E6', 'E1', FEB), personLeft('E6', MAR)])
      .when(command(planDelegated({ delegatorId: 'E6', ownerId: 'E2', at: APR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.delegatorId');
  });

  it('rejects an owner who is not active', () => {
    const violation = given(framed())
      .when(command(planDelegated({ delegatorId: 'E1', ownerId: 'E9', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.ownerId');
  });

  it('rejects an owner who joins after occurredAt', () => {
    given([...framed(), personJoined('E6', 'E2', APR)])
      .when(command(planDelegated({ delegatorId: 'E2', ownerId: 'E6', at: MAR })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a planId already delegated in the org', () => {
    given([...framed(), planDelegated({ planId: 'P1', delegatorId: 'E1', ownerId: 'E2', at: MAR })])
      .when(command(planDelegated({ planId: 'P1', delegatorId: 'E1', ownerId: 'E3', at: APR })))
      .thenThrows('PLAN.ALREADY_DELEGATED');
  });
});

/** O1 framed by E1; plan P1 delegated by E1 to E2 in March with the rights to decide approach and budget. */
const delegated = () => [
  ...org(),
  outcomeFramed({ outcomeId: 'O1', leaderId: 'E1', at: FEB }),
  planDelegated({ planId: 'P1', delegatorId: 'E1', ownerId: 'E2', decisionRights: ['approach', 'budget'], at: MAR }),
];

describe('PlanReclaimed', () => {
  it('records the delegator taking the plan back', () => {
    const reclaimed = planReclaimed({ byId: 'E1', reason: 'deadline moved', at: APR });
    given(delegated()).when(command(reclaimed)).then([reclaimed]);
  });

  it('rejects anyone but the delegator', () => {
    const violation = given(delegated())
      .when(command(planReclaimed({ byId: 'E3', at: APR })))
      .thenThrows('PLAN.NOT_DELEGATOR');
    expect(violation.field).toBe('data.byId');
  });

  it('rejects the owner reclaiming their own plan', () => {
    given(delegated())
      .when(command(planReclaimed({ byId: 'E2', at: APR })))
      .thenThrows('PLAN.NOT_DELEGATOR');
  });

  it('rejects a second reclaim', () => {
    const violation = given([...delegated(), planReclaimed({ byId: 'E1', at: APR })])
      .when(command(planReclaimed({ byId: 'E1', at: MAY })))
      .thenThrows('PLAN.ALREADY_RECLAIMED');
    expect(violation.field).toBe('data.planId');
  });

  it('rejects a plan that does not exist', () => {
    const violation = given(delegated())
      .when(command(planReclaimed({ planId: 'P9', byId: 'E1', at: APR })))
      .thenThrows('PLAN.NOT_FOUND');
    expect(violation.field).toBe('data.planId');
  });

  it('rejects a reclaim back-filled before the delegation', () => {
    given(delegated())
      .when(command(planReclaimed({ byId: 'E1', at: FEB })))
      .thenThrows('PLAN.NOT_FOUND');
  });

  it('rejects a delegator who is no longer active', () => {
    const history = [
      ...org(),
      personJoined('E6', 'E1', JAN),
      outcomeFramed({ outcomeId: 'O1', leaderId: 'E6', at: FEB }),
      planDelegated({ planId: 'P1', delegatorId: 'E6', ownerId: 'E2', at: FEB }),
      personLeft('E6', MAR),
    ];
    const violation = given(history)
      .when(command(planReclaimed({ byId: 'E6', at: APR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.byId');
  });
});

describe('PlanOverridden', () => {
  it('records the owner’s manager overriding a delegated decision', () => {
    const overridden = planOverridden({ byId: 'E1', aspect: 'budget', note: 'cut to 30k', at: APR });
    given(delegated()).when(command(overridden)).then([overridden]);
  });

  it('records someone two levels above the owner overriding', () => {
    const history = [
      ...org(),
      outcomeFramed({ outcomeId: 'O1', leaderId: 'E2', at: FEB }),
      planDelegated({ planId: 'P1', delegatorId: 'E2', ownerId: 'E4', decisionRights: ['scope'], at: MAR }),
    ];
    const overridden = planOverridden({ byId: 'E1', aspect: 'scope', at: APR });
    given(history).when(command(overridden)).then([overridden]);
  });

  it('rejects someone who is not above the owner', () => {
    const violation = given(delegated())
      .when(command(planOverridden({ byId: 'E3', aspect: 'approach', at: APR })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
    expect(violation.field).toBe('data.byId');
    expect(violation.message).toBe(`byId E3 is not above the plan's owner E2 at ${APR}`);
  });

  it('rejects the owner’s own report', () => {
    given(delegated())
      .when(command(planOverridden({ byId: 'E4', aspect: 'approach', at: APR })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
  });

  it('rejects the owner overriding themself', () => {
    given(delegated())
      .when(command(planOverridden({ byId: 'E2', aspect: 'approach', at: APR })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
  });

  it('rejects an override after the owner left the org', () => {
    // E2's report E4 moved to E1 in April, then E2 left: in May nobody is above E2 any more.
    const history = [...delegated(), reportingLineChanged('E4', 'E1', APR), reportingLineChanged('E5', 'E1', APR), personLeft('E2', APR)];
    const violation = given(history)
      .when(command(planOverridden({ byId: 'E1', aspect: 'approach', at: MAY })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
    expect(violation.message).toBe(`byId E1 is not above the plan's owner E2 at ${MAY} (E2 is not active then)`);
    const beforeLeaving = planOverridden({ byId: 'E1', aspect: 'approach', at: '2026-03-16T09:00:00Z' });
    given(history).when(command(beforeLeaving)).then([beforeLeaving]);
  });

  it('rejects an aspect that is not among the plan’s decision rights', () => {
    const violation = given(delegated())
      .when(command(planOverridden({ byId: 'E1', aspect: 'hiring', at: APR })))
      .thenThrows('PLAN.ASPECT_NOT_DELEGATED');
    expect(violation.field).toBe('data.aspect');
    expect(violation.message).toBe('aspect hiring is not among the decision rights of plan P1 (approach, budget)');
  });

  it('rejects an override after the plan was reclaimed', () => {
    const violation = given([...delegated(), planReclaimed({ byId: 'E1', at: APR })])
      .when(command(planOverridden({ byId: 'E1', aspect: 'approach', at: MAY })))
      .thenThrows('PLAN.RECLAIMED');
    expect(violation.field).toBe('data.planId');
  });

  it('rejects an override at the very instant the plan was reclaimed', () => {
    given([...delegated(), planReclaimed({ byId: 'E1', at: APR })])
      .when(command(planOverridden({ byId: 'E1', aspect: 'approach', at: APR })))
      .thenThrows('PLAN.RECLAIMED');
  });

  it('records an override back-filled to before the reclaim', () => {
    const overridden = planOverridden({ byId: 'E1', aspect: 'approach', at: '2026-03-16T09:00:00Z' });
    given([...delegated(), planReclaimed({ byId: 'E1', at: APR })])
      .when(command(overridden))
      .then([overridden]);
  });

  it('rejects a plan that does not exist, or not yet at occurredAt', () => {
    given(delegated())
      .when(command(planOverridden({ planId: 'P9', byId: 'E1', at: APR })))
      .thenThrows('PLAN.NOT_FOUND');
    given(delegated())
      .when(command(planOverridden({ byId: 'E1', at: FEB })))
      .thenThrows('PLAN.NOT_FOUND');
  });

  it('rejects an overrider who is not active', () => {
    const violation = given(delegated())
      .when(command(planOverridden({ byId: 'E9', aspect: 'approach', at: APR })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.byId');
  });

  it('rejects an overrider who left before occurredAt', () => {
    given([...delegated(), personLeft('E3', APR)])
      .when(command(planOverridden({ byId: 'E3', aspect: 'approach', at: MAY })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('judges "above the owner" at occurredAt: above then, though not any more', () => {
    // E2 moved to the top of the org in May: E1 was above them in April, is not in June.
    const history = [...delegated(), reportingLineChanged('E2', null, MAY)];
    const backFilled = planOverridden({ byId: 'E1', aspect: 'approach', at: APR });
    given(history).when(command(backFilled)).then([backFilled]);
    given(history)
      .when(command(planOverridden({ byId: 'E1', aspect: 'approach', at: JUN })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
  });

  it('judges "above the owner" at occurredAt: above now, though not then', () => {
    // E2 moved under E3 in May: E3 is above them in June, was not in April.
    const history = [...delegated(), reportingLineChanged('E2', 'E3', MAY)];
    const now = planOverridden({ byId: 'E3', aspect: 'approach', at: JUN });
    given(history).when(command(now)).then([now]);
    given(history)
      .when(command(planOverridden({ byId: 'E3', aspect: 'approach', at: APR })))
      .thenThrows('PLAN.OVERRIDER_NOT_ABOVE_OWNER');
  });
});
