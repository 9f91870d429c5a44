import { evolve } from '../org.decider.js';
import { initialOrgState } from '../org.state.js';
import type { OrgEvent } from '../events.js';
import { parseIncomingEvent } from '../parse-event.js';
import { command, personJoined, personLeft, personUpdated, reportingLineChanged } from '../testing/builders.js';
import { given } from '../testing/decider-specification.js';
import { JAN, FEB, MAR, APR, MAY } from '../testing/calendar.js';
import { detailsAt } from './person-details.js';

/** E1 at the top with E2 and E3 under them, each with an email and a department. */
const org = () => [
  personJoined('E1', null, JAN, { email: 'ada@acme.test', attributes: { department: 'Exec', location: 'Paris' } }),
  personJoined('E2', 'E1', JAN, { email: 'bob@acme.test', attributes: { department: 'Sales', location: 'Paris' } }),
  personJoined('E3', 'E1', JAN, { email: 'cy@acme.test', attributes: { department: 'Eng' } }),
];

const detailsOf = (events: OrgEvent[], personId: string, at: string) =>
  detailsAt(events.reduce(evolve, initialOrgState()).structure.people.get(personId)!, Date.parse(at));

describe('PersonJoined with email and attributes', () => {
  it('records a person with an email and attributes', () => {
    const hire = personJoined('E4', 'E2', FEB, { email: 'dee@acme.test', attributes: { department: 'Sales', level: 'L3' } });
    given(org()).when(command(hire)).then([hire]);
  });

  it('rejects an email another active person has, whatever its case, naming that person and not the email', () => {
    const violation = given(org())
      .when(command(personJoined('E4', 'E2', FEB, { email: 'BOB@acme.test' })))
      .thenThrows('PERSON.EMAIL_TAKEN');
    expect(violation.field).toBe('data.email');
    expect(violation.message).toBe(`email of E4 is already the email of E2, active at ${FEB}`);
    expect(violation.message).not.toContain('bob');
  });

  it('records the email of someone who left before', () => {
    const successor = personJoined('E4', 'E1', MAR, { email: 'bob@acme.test' });
    given([...org(), personLeft('E2', FEB)])
      .when(command(successor))
      .then([successor]);
  });

  it('records the email someone else had before changing it', () => {
    const hire = personJoined('E4', 'E1', MAR, { email: 'bob@acme.test' });
    given([...org(), personUpdated('E2', FEB, { email: 'robert@acme.test' })])
      .when(command(hire))
      .then([hire]);
  });

  it('rejects a back-filled join whose email someone else takes later while both are active', () => {
    // E5 gets the address in April; a join back-filled to February with it would share it from April on.
    given([...org(), personJoined('E5', 'E1', APR, { email: 'eve@acme.test' })])
      .when(command(personJoined('E4', 'E1', FEB, { email: 'eve@acme.test' })))
      .thenThrows('PERSON.EMAIL_TAKEN');
  });

  it('starts a rehire afresh: the email and attributes of the earlier stint do not carry over', () => {
    const events = [...org(), personLeft('E3', FEB), personJoined('E3', 'E1', MAR, { attributes: { location: 'Lyon' } })];
    expect(detailsOf(events, 'E3', APR)).toEqual({ email: undefined, attributes: { location: 'Lyon' } });
    expect(detailsOf(events, 'E3', JAN)).toEqual({ email: 'cy@acme.test', attributes: { department: 'Eng' } });
  });
});

describe('PersonUpdated', () => {
  it('records a change of name, title, email and attributes', () => {
    const update = personUpdated('E2', FEB, { name: 'Bob B.', title: 'VP Sales', email: 'bob.b@acme.test', attributes: { level: 'L6' } });
    given(org()).when(command(update)).then([update]);
  });

  it('rejects a person who never joined', () => {
    const violation = given(org())
      .when(command(personUpdated('E9', FEB, { title: 'CTO' })))
      .thenThrows('PERSON.NOT_ACTIVE');
    expect(violation.field).toBe('data.personId');
  });

  it('rejects a person who left', () => {
    given([...org(), personLeft('E3', FEB)])
      .when(command(personUpdated('E3', MAR, { title: 'CTO' })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects a person who has not joined yet at occurredAt', () => {
    given([...org(), personJoined('E4', 'E1', MAR)])
      .when(command(personUpdated('E4', FEB, { title: 'CTO' })))
      .thenThrows('PERSON.NOT_ACTIVE');
  });

  it('rejects an email another active person has at occurredAt', () => {
    const violation = given(org())
      .when(command(personUpdated('E3', FEB, { email: 'Ada@Acme.test' })))
      .thenThrows('PERSON.EMAIL_TAKEN');
    expect(violation.message).toBe(`email of E3 is already the email of E1, active at ${FEB}`);
  });

  it('records a person keeping their own email', () => {
    const update = personUpdated('E2', FEB, { email: 'Bob@acme.test' });
    given(org()).when(command(update)).then([update]);
  });

  it('records an email two people swap, each change after the other let it go', () => {
    const second = personUpdated('E2', MAR, { email: 'cy@acme.test' });
    given([...org(), personUpdated('E3', FEB, { email: 'cyrus@acme.test' })])
      .when(command(second))
      .then([second]);
  });

  it('rejects a back-filled email change that collides with a later change of someone else', () => {
    // E3 takes the address in April; E2 back-filling it to March would keep it past April.
    given([...org(), personUpdated('E3', APR, { email: 'sales@acme.test' })])
      .when(command(personUpdated('E2', MAR, { email: 'sales@acme.test' })))
      .thenThrows('PERSON.EMAIL_TAKEN');
  });

  it('records a back-filled email change that the person changes again before the collision', () => {
    const backFill = personUpdated('E2', FEB, { email: 'sales@acme.test' });
    given([...org(), personUpdated('E2', MAR, { email: 'bob@acme.test' }), personUpdated('E3', APR, { email: 'sales@acme.test' })])
      .when(command(backFill))
      .then([backFill]);
  });

  it('rejects attributes that would hold more than 20 keys once merged', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, 'x']));
    const violation = given(org())
      .when(command(personUpdated('E3', FEB, { attributes: many })))
      .thenThrows('PERSON.TOO_MANY_ATTRIBUTES');
    expect(violation.field).toBe('data.attributes');
    expect(violation.message).toBe(`attributes of E3 would hold 21 keys at ${FEB}, more than 20`);
  });

  it('records exactly 20 keys once merged', () => {
    const many = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`field${i}`, 'x']));
    const update = personUpdated('E3', FEB, { attributes: many });
    given(org()).when(command(update)).then([update]);
  });

  it('does not name the person for a leave back-filled before the update', () => {
    given([...org(), personUpdated('E3', MAR, { title: 'CTO' })])
      .when(command(personLeft('E3', FEB)))
      .thenThrows('STRUCTURE.NAMED_AFTER_LEAVING');
  });
});

describe('attributes over time', () => {
  const history = () => [
    ...org(),
    personUpdated('E2', FEB, { attributes: { department: 'Marketing', level: 'L5' } }),
    personUpdated('E2', APR, { attributes: { location: null } }),
    reportingLineChanged('E2', 'E3', MAY),
  ];

  it('merges key by key, as of the instant asked', () => {
    expect(detailsOf(history(), 'E2', JAN).attributes).toEqual({ department: 'Sales', location: 'Paris' });
    expect(detailsOf(history(), 'E2', MAR).attributes).toEqual({ department: 'Marketing', location: 'Paris', level: 'L5' });
  });

  it('removes a key set to null', () => {
    expect(detailsOf(history(), 'E2', MAY).attributes).toEqual({ department: 'Marketing', level: 'L5' });
  });

  it('applies a back-filled update at its own instant, not after the later ones', () => {
    const events = [...history(), personUpdated('E2', MAR, { attributes: { department: 'Ops', location: 'Rome' } })];
    expect(detailsOf(events, 'E2', MAR).attributes).toEqual({ department: 'Ops', location: 'Rome', level: 'L5' });
    expect(detailsOf(events, 'E2', MAY).attributes).toEqual({ department: 'Ops', level: 'L5' });
  });

  it('keeps the email until the next change of it', () => {
    const events = [...history(), personUpdated('E2', MAR, { email: 'bob.b@acme.test' })];
    expect(detailsOf(events, 'E2', FEB).email).toBe('bob@acme.test');
    expect(detailsOf(events, 'E2', APR).email).toBe('bob.b@acme.test');
  });
});

describe('the shapes of email and attributes', () => {
  const envelope = (type: string, data: Record<string, unknown>) => ({
    eventId: '0b9e4c1e-7f1a-4c57-9d8e-2b8f8f3a6c11',
    type,
    orgId: 'acme',
    occurredAt: FEB,
    schemaVersion: 1,
    data,
  });
  const pathsOf = (input: unknown) => {
    const result = parseIncomingEvent(input);
    return result.ok ? [] : result.issues.map((issue) => issue.path);
  };

  it('accepts a PersonUpdated that removes an attribute', () => {
    expect(parseIncomingEvent(envelope('PersonUpdated', { personId: 'E2', attributes: { location: null } })).ok).toBe(true);
  });

  it('rejects a PersonUpdated that changes nothing', () => {
    expect(pathsOf(envelope('PersonUpdated', { personId: 'E2' }))).toEqual(['data']);
  });

  it('rejects an email that is not an address', () => {
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, email: 'bob at acme' }))).toEqual(['data.email']);
  });

  it('rejects an attribute key that is not an identifier, and an empty or too long value', () => {
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, attributes: { 'cost center': 'X' } }))).toEqual([
      'data.attributes.cost center',
    ]);
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, attributes: { department: '' } }))).toEqual([
      'data.attributes.department',
    ]);
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, attributes: { department: 'x'.repeat(129) } }))).toEqual([
      'data.attributes.department',
    ]);
  });

  it('rejects a null attribute on a join: there is nothing to remove yet', () => {
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, attributes: { department: null } }))).toEqual([
      'data.attributes.department',
    ]);
  });

  it('rejects more than 20 attributes', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`field${i}`, 'x']));
    expect(pathsOf(envelope('PersonJoined', { personId: 'E2', managerId: null, attributes: many }))).toEqual(['data.attributes']);
  });
});
