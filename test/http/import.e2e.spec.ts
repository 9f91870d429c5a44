import { join } from 'node:path';
import { authHeaders } from '../support/credentials.js';
import { demoLines } from '../support/demo-lines.js';
import { inspectEventFile } from '../support/sqlite-file.js';
import { streamImport } from '../support/streaming-import.js';
import { getJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'import-e2e';

describe('POST /v1/orgs/{orgId}/events/import (NDJSON, streamed)', () => {
  let api: TestApp;
  const { lines: good, events } = demoLines({ orgId: ORG, totalEvents: 10_000 });
  const importUrl = () => `${api.url}/v1/orgs/${ORG}/events/import`;

  // A few bad lines in the middle of a 10k-line file; every other line is good.
  const checkIn = events.find((event) => event.type === 'CheckInHeld')!;
  const skipLevelOfADirect = events.find(
    (event) => event.type === 'CheckInHeld' && Date.parse(event.occurredAt) > Date.parse(checkIn.occurredAt),
  )!;
  const bad = {
    malformed: '{"eventId": "9b0c", "type": ',
    schema: JSON.stringify({ ...checkIn, eventId: '1f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a80', data: { ...checkIn.data, durationMinutes: 0 } }),
    rule: JSON.stringify({
      ...skipLevelOfADirect,
      eventId: '2f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a81',
      type: 'SkipLevelDone',
      data: {
        meetingId: 'not-two-levels',
        leaderId: (skipLevelOfADirect.data as { leaderId: string }).leaderId,
        reportId: (skipLevelOfADirect.data as { reportId: string }).reportId,
        managerLoopedIn: true,
      },
    }),
    conflict: JSON.stringify({ ...checkIn, data: { ...checkIn.data, durationMinutes: 479 } }),
    otherOrg: JSON.stringify({ ...checkIn, eventId: '3f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a82', orgId: 'someone-else' }),
  };
  const file = [...good];
  const at = (line: number, text: string) => file.splice(line - 1, 0, text);
  at(2_000, bad.malformed);
  at(4_000, bad.schema);
  at(6_000, bad.rule);
  at(8_000, bad.conflict);
  at(9_000, bad.otherOrg);

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('rejects only the bad lines, with their numbers and reasons, and records every other line once', async () => {
    const { status, body } = await postNdjson(importUrl(), file);
    expect(status).toBe(200);
    expect(body).toMatchObject({ lines: file.length, accepted: good.length, duplicates: 0, rejected: 5, errorsTotal: 5 });
    expect(body.errors).toEqual([
      { line: 2_000, reason: expect.stringMatching(/^malformed JSON/) },
      { line: 4_000, eventId: '1f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a80', reason: expect.stringMatching(/^data\.durationMinutes: /) },
      {
        line: 6_000,
        eventId: '2f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a81',
        reason: expect.stringMatching(/^SKIP_LEVEL\.NOT_TWO_LEVELS_BELOW: reportId \S+ is not two levels below/),
      },
      { line: 8_000, eventId: checkIn.eventId, reason: expect.stringMatching(/already recorded with a different body/) },
      {
        line: 9_000,
        eventId: '3f0e1a3c-5d7b-4c1e-9a2b-3c4d5e6f7a82',
        reason: expect.stringMatching(/^orgId: someone-else is not the org of this import/),
      },
    ]);
    const stored = inspectEventFile(join(api.config.dataDir, 'events.sqlite'));
    expect(stored).toMatchObject({ integrity: 'ok', events: good.length, distinctEventIds: good.length });
    expect(events.every((event) => stored.hasEvent(event.eventId) === 1)).toBe(true);
  });

  it('records nothing twice when the same file is sent again in full', async () => {
    const head = (await getJson(`${api.url}/health`)).body.eventStore.headPosition;
    const { body } = await postNdjson(importUrl(), file);
    expect(body).toMatchObject({ lines: file.length, accepted: 0, duplicates: good.length, rejected: 5 });
    expect((await getJson(`${api.url}/health`)).body.eventStore.headPosition).toBe(head);
    expect(inspectEventFile(join(api.config.dataDir, 'events.sqlite')).events).toBe(good.length);
  });

  it('streams progress after every committed batch to a client that accepts NDJSON, then the report', async () => {
    const { received } = await streamImport(importUrl(), file, { chunkLines: 500 });
    const progress = received.filter((line) => line.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(Math.floor(file.length / api.config.import.batchSize));
    expect(progress.length).toBeGreaterThan(1);
    const through = progress.map((line) => line.committedThroughLine!);
    expect(through).toEqual([...through].sort((a, b) => a - b));
    expect(received.at(-1)).toMatchObject({ type: 'report', lines: file.length, duplicates: good.length, rejected: 5 });
  });

  it('lists at most the configured number of errors but counts them all', async () => {
    const capped = await startTestApp({ ORGHEALTH_IMPORT_MAX_ERRORS: '2' });
    try {
      const { body } = await postNdjson(`${capped.url}/v1/orgs/${ORG}/events/import`, ['nope', 'nope', 'nope'].join('\n'));
      expect(body).toMatchObject({ rejected: 3, errorsTotal: 3 });
      expect(body.errors.map((error: { line: number }) => error.line)).toEqual([1, 2]);
    } finally {
      await capped.close();
    }
  });

  it('refuses a body that is not NDJSON with 415', async () => {
    const response = await fetch(importUrl(), { method: 'POST', headers: { 'content-type': 'text/csv', ...authHeaders() }, body: 'a,b\n' });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ statusCode: 415, error: 'unsupported_media_type' });
  });
});
