import type { EventStore } from '@orghealth/event-store';
import { orgStreamId } from '@orghealth/write-model';
import { EVENT_STORE } from '../../apps/api/src/engine/engine.module.js';
import { authHeaders } from '../support/credentials.js';
import { expectedFacts, meetings, orgEvents, toGoogle, toGraph, toIcs, type Expected } from '../support/calendar-org.js';
import { postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

async function post(api: TestApp, orgId: string, format: string, body: string, dryRun = false): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.url}/v1/orgs/${orgId}/sources/calendar?format=${format}${dryRun ? '&dryRun=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': format === 'ics' ? 'text/calendar' : 'application/json', ...authHeaders() },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/** The facts the org's stream holds from calendars, in the shape of Expected. */
async function recordedFacts(api: TestApp, orgId: string): Promise<Expected[]> {
  const facts: Expected[] = [];
  for await (const stored of api.app.get<EventStore>(EVENT_STORE).readStream(orgStreamId(orgId), 0)) {
    const data = stored.data as Record<string, unknown>;
    if (stored.type === 'CheckInHeld')
      facts.push({
        type: 'CheckInHeld',
        leaderId: data.leaderId as string,
        reportId: data.reportId as string,
        occurredAt: stored.occurredAt,
        durationMinutes: data.durationMinutes as number,
      });
    if (stored.type === 'SkipLevelDone')
      facts.push({
        type: 'SkipLevelDone',
        leaderId: data.leaderId as string,
        reportId: data.reportId as string,
        occurredAt: stored.occurredAt,
        managerLoopedIn: data.managerLoopedIn as boolean,
      });
  }
  return facts;
}

const sorted = (facts: Expected[]) => [...facts].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('POST /v1/orgs/{orgId}/sources/calendar', () => {
  let api: TestApp;
  const expected = expectedFacts();

  beforeAll(async () => {
    api = await startTestApp();
    for (const orgId of ['cal-ics', 'cal-google', 'cal-graph', 'cal-dry']) {
      const { body } = await postNdjson(
        `${api.url}/v1/orgs/${orgId}/events/import`,
        orgEvents(orgId).map((event) => JSON.stringify(event)),
      );
      expect(body).toMatchObject({ rejected: 0 });
    }
  });
  afterAll(() => api.close());

  it('the generated year holds every case (a sanity check of the fixture itself)', () => {
    const kinds = new Set(expected.map((fact) => `${fact.type}:${fact.managerLoopedIn ?? ''}`));
    expect([...kinds].sort()).toEqual(['CheckInHeld:', 'SkipLevelDone:false', 'SkipLevelDone:true']);
    // i8 reports to m4 before 1 July and to m1 after: each series counts only while its pair holds.
    const i8 = expected.filter((fact) => fact.reportId === 'i8');
    expect(i8.every((fact) => (fact.leaderId === 'm4') === fact.occurredAt < '2025-07-01')).toBe(true);
    expect(i8.length).toBe(52);
  });

  it.each([
    ['ics', () => toIcs(meetings())],
    ['google', () => JSON.stringify(toGoogle(meetings()))],
    ['graph', () => JSON.stringify(toGraph(meetings()))],
  ])(
    'format=%s records exactly the expected 1:1s and skip-levels, and a resend or the other calendar records nothing more',
    async (format, render) => {
      const orgId = `cal-${format}`;
      const first = await post(api, orgId, format, render());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ dryRun: false, duplicates: 0, rejected: 0, problems: [] });
      expect(sorted(await recordedFacts(api, orgId))).toEqual(sorted(expected));
      expect(first.body.recorded).toEqual({
        CheckInHeld: expected.filter((fact) => fact.type === 'CheckInHeld').length,
        SkipLevelDone: expected.filter((fact) => fact.type === 'SkipLevelDone').length,
      });
      expect(first.body.ignored).toMatchObject({
        declined: 1,
        all_day: 1,
        group_meeting: 1,
        outsider: 1,
        too_long: 1,
        not_a_reporting_pair: 1 + 26 + 26,
      });

      const again = await post(api, orgId, format, render());
      expect(again.body).toMatchObject({ recorded: {}, duplicates: expected.length, rejected: 0 });
      if (format === 'ics') {
        const other = await post(api, orgId, format, toIcs(meetings(), { fromOtherCalendar: true }));
        expect(other.body).toMatchObject({ recorded: {}, duplicates: expected.length, rejected: 0 });
      }
      expect((await recordedFacts(api, orgId)).length).toBe(expected.length);
    },
  );

  it('keeps a New York series at 10:00 local across both DST changes', async () => {
    const facts = (await recordedFacts(api, 'cal-ics')).filter(
      (fact) => fact.leaderId === 'm4' || (fact.leaderId === 'm1' && fact.reportId === 'i8'),
    );
    const at = (date: string) => facts.find((fact) => fact.occurredAt.startsWith(date))?.occurredAt;
    expect(at('2025-03-03')).toBe('2025-03-03T15:00:00.000Z');
    expect(at('2025-03-10')).toBe('2025-03-10T14:00:00.000Z');
    expect(at('2025-10-27')).toBe('2025-10-27T14:00:00.000Z');
    expect(at('2025-11-03')).toBe('2025-11-03T15:00:00.000Z');
  });

  it('a dry run answers what it would record and records nothing', async () => {
    const dry = await post(api, 'cal-dry', 'ics', toIcs(meetings()), true);
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.recorded.CheckInHeld + dry.body.recorded.SkipLevelDone).toBe(expected.length);
    expect(dry.body.sample).toHaveLength(20);
    expect(await recordedFacts(api, 'cal-dry')).toEqual([]);
  });

  it('refuses an unknown format and a body of the wrong media type, naming why', async () => {
    const badFormat = await post(api, 'cal-dry', 'outlook', '{}');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.message).toMatch(/format/);
    const wrongType = await fetch(`${api.url}/v1/orgs/cal-dry/sources/calendar?format=ics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
  });
});
