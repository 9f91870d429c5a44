import {
  parseIncomingEvent,
  parseStoredAlertEvent,
  parseStoredOrgEvent,
  UnreadableStoredEventError,
  type FieldIssue,
} from './parse-event.js';

/** A valid envelope as a sender writes it, with `changes` merged into it (and into `data`). */
function raw(type: string, data: Record<string, unknown>, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: '0b9e4c1e-7f1a-4c57-9d8e-2b8f8f3a6c11',
    type,
    orgId: 'acme',
    occurredAt: '2026-01-05T09:00:00+01:00',
    schemaVersion: 1,
    data,
    ...changes,
  };
}

const feedback = (changes: Record<string, unknown> = {}, dataChanges: Record<string, unknown> = {}) =>
  raw('FeedbackGiven', { feedbackId: 'F1', giverId: 'E1', receiverId: 'E2', kind: 'praise', solicited: false, ...dataChanges }, changes);

const checkIn = (durationMinutes: number) => raw('CheckInHeld', { checkInId: 'C1', leaderId: 'E1', reportId: 'E2', durationMinutes });

const outcome = (successMeasures: string[]) =>
  raw('OutcomeFramed', { outcomeId: 'O1', leaderId: 'E1', title: 'Ship it', successMeasures, coCreatedWith: [] });

const plan = (decisionRights: string[]) =>
  raw('PlanDelegated', { planId: 'P1', outcomeId: 'O1', delegatorId: 'E1', ownerId: 'E2', decisionRights });

function issuesOf(input: unknown): FieldIssue[] {
  const result = parseIncomingEvent(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.issues;
}

const pathsOf = (input: unknown) => issuesOf(input).map((issue) => issue.path);

describe('parseIncomingEvent', () => {
  it('accepts a valid envelope and returns it as parsed', () => {
    const input = feedback({ metadata: { source: 'api', actorId: 'E1' } });
    expect(parseIncomingEvent(input)).toEqual({ ok: true, value: input });
  });

  it('accepts every boundary of durationMinutes (1 and 480)', () => {
    expect(parseIncomingEvent(checkIn(1)).ok).toBe(true);
    expect(parseIncomingEvent(checkIn(480)).ok).toBe(true);
  });

  it('rejects something that is not an object, for the whole document', () => {
    expect(pathsOf([feedback()])).toEqual(['']);
    expect(pathsOf('FeedbackGiven')).toEqual(['']);
    expect(pathsOf(null)).toEqual(['']);
  });

  it('rejects an unknown type, listing the known ones', () => {
    const issues = issuesOf(raw('MeetingHeld', {}));
    expect(issues).toEqual([{ path: 'type', message: expect.stringContaining('CheckInHeld') }]);
  });

  it('rejects a missing type', () => {
    const { type: _type, ...untyped } = feedback();
    expect(pathsOf(untyped)).toEqual(['type']);
  });

  it('rejects an eventId that is not a UUID', () => {
    expect(issuesOf(feedback({ eventId: 'event-1' }))).toEqual([{ path: 'eventId', message: 'eventId must be a UUID' }]);
  });

  it('rejects an occurredAt without offset', () => {
    expect(pathsOf(feedback({ occurredAt: '2026-01-05T09:00:00' }))).toEqual(['occurredAt']);
  });

  it('rejects an orgId with characters outside [A-Za-z0-9_-]', () => {
    expect(pathsOf(feedback({ orgId: 'acme corp' }))).toEqual(['orgId']);
  });

  it('rejects durationMinutes 0 and 481', () => {
    expect(pathsOf(checkIn(0))).toEqual(['data.durationMinutes']);
    expect(pathsOf(checkIn(481))).toEqual(['data.durationMinutes']);
  });

  it('rejects an empty successMeasures', () => {
    expect(pathsOf(outcome([]))).toEqual(['data.successMeasures']);
    expect(parseIncomingEvent(outcome(['activation ≥ 40%'])).ok).toBe(true);
  });

  it('rejects an unknown decision right, at its position', () => {
    expect(pathsOf(plan(['approach', 'veto']))).toEqual(['data.decisionRights.1']);
    expect(parseIncomingEvent(plan(['approach', 'budget', 'hiring', 'scope'])).ok).toBe(true);
  });

  it('rejects an unknown extra field, naming it', () => {
    expect(pathsOf(feedback({}, { mood: 'happy' }))).toEqual(['data.mood']);
    expect(pathsOf(feedback({ priority: 'high' }))).toEqual(['priority']);
    expect(pathsOf(feedback({ metadata: { source: 'api', ip: '10.0.0.1' } }))).toEqual(['metadata.ip']);
  });

  it('names every unknown field, one issue each', () => {
    expect(issuesOf(feedback({}, { mood: 'happy', tone: 'warm' }))).toEqual([
      { path: 'data.mood', message: expect.stringContaining('mood') },
      { path: 'data.tone', message: expect.stringContaining('tone') },
    ]);
  });

  it('rejects a recordedAt sent by the sender', () => {
    expect(issuesOf(feedback({ recordedAt: '2026-01-05T09:00:00Z' }))).toEqual([
      { path: 'recordedAt', message: 'recordedAt is set by the engine, never by the sender' },
    ]);
  });

  it('rejects a schemaVersion newer than the engine knows', () => {
    const issues = issuesOf(feedback({ schemaVersion: 2 }));
    expect(issues).toEqual([{ path: 'schemaVersion', message: expect.stringContaining('newer than this engine knows') }]);
  });

  it('rejects a schemaVersion below 1 as a field issue', () => {
    expect(pathsOf(feedback({ schemaVersion: 0 }))).toEqual(['schemaVersion']);
    expect(pathsOf(feedback({ schemaVersion: -3 }))).toEqual(['schemaVersion']);
    expect(pathsOf(feedback({ schemaVersion: 1.5 }))).toEqual(['schemaVersion']);
  });

  it('rejects a missing giverId at data.giverId', () => {
    const { giverId: _giverId, ...data } = feedback().data as Record<string, unknown>;
    expect(pathsOf({ ...feedback(), data })).toEqual(['data.giverId']);
  });

  it('rejects an empty person id', () => {
    expect(pathsOf(feedback({}, { receiverId: '' }))).toEqual(['data.receiverId']);
  });
});

describe('parseStoredOrgEvent: reading an event back from a store', () => {
  const stored = (changes: Record<string, unknown> = {}) => ({
    ...feedback(),
    recordedAt: '2026-01-05T08:01:00.000Z',
    metadata: { source: 'api' },
    streamId: 'org-acme',
    revision: 3,
    position: 17,
    ...changes,
  });

  it('returns the typed event: the envelope with recordedAt, without what the store added', () => {
    expect(parseStoredOrgEvent(stored())).toEqual({ ...feedback(), recordedAt: '2026-01-05T08:01:00.000Z', metadata: { source: 'api' } });
  });

  it('leaves out metadata the store read back as null', () => {
    expect(parseStoredOrgEvent(stored({ metadata: null }))).not.toHaveProperty('metadata');
  });

  it('refuses what is not a valid org fact, naming each field', () => {
    const failure = (changes: Record<string, unknown>) => {
      try {
        parseStoredOrgEvent(stored(changes));
      } catch (error) {
        expect(error).toBeInstanceOf(UnreadableStoredEventError);
        return (error as UnreadableStoredEventError).issues;
      }
      throw new Error('parsed');
    };
    expect(failure({ type: 'AlertOpened' })).toEqual([{ path: 'type', message: '"AlertOpened" is not one of the org fact types' }]);
    expect(failure({ schemaVersion: 9 })).toEqual([
      { path: 'schemaVersion', message: expect.stringMatching(/schemaVersion 9 of FeedbackGiven is newer than this engine knows/) },
    ]);
    expect(failure({ data: { ...(feedback().data as object), kind: 'gossip' } }).map((issue) => issue.path)).toEqual(['data.kind']);
  });

  it('reads personal fields back in their sealed form, longer than the text and no email, and still checks the rest', () => {
    const sealed = (bytes: number) => `pd1:${'A'.repeat(bytes)}`;
    const joined = raw(
      'PersonJoined',
      { personId: 'P1', managerId: null, name: sealed(400), title: sealed(300), email: sealed(380) },
      {
        recordedAt: '2026-01-05T08:01:00.000Z',
        metadata: { source: 'api', actorId: sealed(120) },
      },
    );
    expect(parseStoredOrgEvent(joined)).toMatchObject({ data: { email: sealed(380) }, metadata: { actorId: sealed(120) } });
    // Not sealed and not an email: still refused, as is a sealed value where no personal data belongs.
    expect(() => parseStoredOrgEvent({ ...joined, data: { personId: 'P1', managerId: null, email: 'not-an-email' } })).toThrow(
      UnreadableStoredEventError,
    );
    expect(() => parseStoredOrgEvent({ ...joined, data: { personId: sealed(100), managerId: null } })).toThrow(UnreadableStoredEventError);
  });

  it('reads the alert lifecycle only as alert events', () => {
    expect(() => parseStoredAlertEvent(stored())).toThrow('"FeedbackGiven" is not one of the alert event types');
  });
});
