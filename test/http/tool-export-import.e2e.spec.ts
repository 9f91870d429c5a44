import type { EventStore } from '@orghealth/event-store';
import { orgStreamId } from '@orghealth/write-model';
import { EVENT_STORE } from '../../apps/api/src/engine/engine.module.js';
import { orgEvents } from '../support/calendar-org.js';
import { authHeaders } from '../support/credentials.js';
import { postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'tool-exports';

async function postCsv(api: TestApp, kind: string, body: string, dryRun = false): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.url}/v1/orgs/${ORG}/sources/csv/${kind}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...authHeaders() },
    body,
  });
  return { status: response.status, body: await response.json() };
}

async function recorded(api: TestApp, type: string): Promise<{ occurredAt: string; data: Record<string, unknown> }[]> {
  const found: { occurredAt: string; data: Record<string, unknown> }[] = [];
  for await (const stored of api.app.get<EventStore>(EVENT_STORE).readStream(orgStreamId(ORG), 0)) {
    if (stored.type === type) found.push({ occurredAt: stored.occurredAt, data: stored.data as Record<string, unknown> });
  }
  return found;
}

describe('POST /v1/orgs/{orgId}/sources/csv/{kind} (canonical columns)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      orgEvents(ORG).map((event) => JSON.stringify(event)),
    );
  });
  afterAll(() => api.close());

  it('feedback: people by id or email (any case), defaults for kind and solicited; bad rows named by number, every other row recorded', async () => {
    const csv = [
      'ID,Giver,Receiver,Given_At,Kind,Solicited',
      'f1,m1,i1,2025-03-03,praise,true',
      'f2,M1@ACME.TEST,i2@acme.test,2025-03-04T10:00:00Z,,',
      'f3,m1,nobody@elsewhere.test,2025-03-05,coaching,false',
      'f4,m1,i1,not-a-date,coaching,false',
      'f5,m1,i1,2025-03-06,shouting,false',
      'f6,m1,i2,2025-03-07,constructive,FALSE',
    ].join('\n');
    const first = await postCsv(api, 'feedback', csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ read: 6, recorded: { FeedbackGiven: 3 }, rejected: 3, problemsTotal: 3 });
    expect(first.body.problems).toEqual([
      { row: 4, reason: expect.stringMatching(/^receiver: no person has the email nobody@elsewhere.test/) },
      { row: 5, reason: expect.stringMatching(/^given_at must be a date/) },
      { row: 6, reason: expect.stringMatching(/^data\.kind: /) },
    ]);
    const feedback = await recorded(api, 'FeedbackGiven');
    expect(
      feedback.map(({ occurredAt, data }) => [data.feedbackId, data.giverId, data.receiverId, data.kind, data.solicited, occurredAt]),
    ).toEqual([
      ['f1', 'm1', 'i1', 'praise', true, '2025-03-03T00:00:00.000Z'],
      ['f2', 'm1', 'i2', 'coaching', false, '2025-03-04T10:00:00.000Z'],
      ['f6', 'm1', 'i2', 'constructive', false, '2025-03-07T00:00:00.000Z'],
    ]);
    const again = await postCsv(api, 'feedback', csv);
    expect(again.body).toMatchObject({ recorded: {}, duplicates: 3, rejected: 3 });
  });

  it('approvals: a resolved row records the request and its resolution, an open one the request; half a resolution is an error', async () => {
    const csv = [
      'id;requester;approver;topic;requested_at;resolved_at;outcome',
      'a1;i1;m1;Laptop;2025-04-01;2025-04-02;granted',
      'a2;i2;m1;Training;2025-04-03;;',
      'a3;i3;m2;Travel;2025-04-03;2025-04-04;',
    ].join('\r\n');
    const { body } = await postCsv(api, 'approvals', csv);
    expect(body).toMatchObject({
      read: 3,
      recorded: { ApprovalRequested: 2, ApprovalResolved: 1 },
      rejected: 1,
      problems: [{ row: 4, reason: expect.stringMatching(/resolved_at and outcome go together/) }],
    });
    expect((await recorded(api, 'ApprovalResolved')).map(({ data }) => data)).toEqual([{ requestId: 'a1', outcome: 'granted' }]);
  });

  it('decisions: approvers separated by ;, by id or email', async () => {
    const csv = [
      'id,kind,subject,decider,approvers,decided_at',
      'd1,promotion,i1,m1,vp1@acme.test;ceo,2025-05-01',
      'd2,raise,i2,m1,,2025-05-02',
    ].join('\n');
    const { body } = await postCsv(api, 'decisions', csv);
    expect(body).toMatchObject({
      recorded: { DecisionMade: 1 },
      rejected: 1,
      problems: [{ row: 3, reason: expect.stringMatching(/^data\.kind: /) }],
    });
    expect((await recorded(api, 'DecisionMade')).map(({ data }) => data)).toEqual([
      { decisionId: 'd1', kind: 'promotion', subjectId: 'i1', deciderId: 'm1', approverIds: ['vp1', 'ceo'] },
    ]);
  });

  it('refuses a file without a required column (400 naming it), and a dry run records nothing', async () => {
    const missing = await postCsv(api, 'feedback', 'id,giver,given_at\nf9,m1,2025-03-03\n');
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([{ path: 'receiver', message: 'the required column receiver is missing from the header' }]);
    const dry = await postCsv(api, 'feedback', 'id,giver,receiver,given_at\nf10,m1,i1,2025-03-10\n', true);
    expect(dry.body).toMatchObject({ dryRun: true, recorded: { FeedbackGiven: 1 } });
    expect((await recorded(api, 'FeedbackGiven')).some(({ data }) => data.feedbackId === 'f10')).toBe(false);
  });
});
