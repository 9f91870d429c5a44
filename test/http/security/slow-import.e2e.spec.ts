import { request, type IncomingMessage } from 'node:http';
import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { authHeaders } from '../../support/credentials.js';
import { envelope } from '../../support/envelopes.js';
import { inspectEventFile } from '../../support/sqlite-file.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const AT = '2026-01-05T09:00:00Z';
const IDLE_MS = 600;

const lineOf = (orgId: string, personId: string, managerId: string | null) => {
  const event = envelope(personJoined(personId, managerId, AT), orgId);
  return { eventId: event.eventId, text: `${JSON.stringify(event)}\n` };
};

/** An import that sends `text` and then nothing, the connection held open; the answer, and whether the server closed the connection. */
function stalledImport(
  url: string,
  orgId: string,
  text: string,
  accept?: string,
): Promise<{ status: number; body: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = request(`${url}/v1/orgs/${orgId}/events/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...(accept ? { accept } : {}), ...authHeaders() },
    });
    let answer: { status: number; body: string } | undefined;
    req.on('response', (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => (answer = { status: response.statusCode ?? 0, body }));
    });
    // The request is never ended: only the server can close it.
    req.on('close', () =>
      answer ? resolve({ ...answer, closedAfterMs: Date.now() - started }) : reject(new Error('closed without an answer')),
    );
    req.on('error', reject);
    req.write(text);
  });
}

describe('slow uploads: an import that stops sending is cut off, and imports per org are capped', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      ORGHEALTH_IMPORT_IDLE_MS: String(IDLE_MS),
      ORGHEALTH_IMPORT_BATCH_LINES: '2',
      ORGHEALTH_IMPORTS_PER_ORG: '1',
    });
  });
  afterAll(() => api.close());

  it('answers 408 after the idle time and closes the connection; the committed batch stays, the lines after it are not recorded', async () => {
    const lines = [lineOf('idle-org', 'A', null), lineOf('idle-org', 'B', 'A'), lineOf('idle-org', 'C', 'A')];
    const partial = lineOf('idle-org', 'D', 'A').text.slice(0, 40);
    const { status, body, closedAfterMs } = await stalledImport(api.url, 'idle-org', lines.map((line) => line.text).join('') + partial);
    expect(status).toBe(408);
    expect(JSON.parse(body)).toMatchObject({
      statusCode: 408,
      error: 'request_timeout',
      message: expect.stringContaining('lines 1..2 are decided (2 accepted'),
    });
    expect(closedAfterMs).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(closedAfterMs).toBeLessThan(IDLE_MS + 5000);
    const file = inspectEventFile(api.config.sqlite.file);
    expect(lines.map((line) => file.hasEvent(line.eventId))).toEqual([1, 1, 0]);
  });

  it('tells a client reading progress the same: its progress lines, then the cut-off as the last line', async () => {
    const lines = [lineOf('idle-progress', 'A', null), lineOf('idle-progress', 'B', 'A'), lineOf('idle-progress', 'C', 'A')];
    const { status, body } = await stalledImport(api.url, 'idle-progress', lines.map((line) => line.text).join(''), 'application/x-ndjson');
    expect(status).toBe(200);
    const received = body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(received).toEqual([
      { type: 'progress', accepted: 2, duplicates: 0, rejected: 0, committedThroughLine: 2 },
      expect.objectContaining({ type: 'error', statusCode: 408, error: 'request_timeout' }),
    ]);
  });

  it('refuses a second import of the same org while one runs (409 naming the setting), not another org; the slot is free again after the cut-off', async () => {
    const holding = stalledImport(api.url, 'busy-org', lineOf('busy-org', 'A', null).text);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const refused = await postNdjson(`${api.url}/v1/orgs/busy-org/events/import`, [
      JSON.stringify(envelope(personJoined('B', null, AT), 'busy-org')),
    ]);
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'conflict', message: expect.stringContaining('ORGHEALTH_IMPORTS_PER_ORG') },
    });
    expect(
      (await postNdjson(`${api.url}/v1/orgs/quiet-org/events/import`, [JSON.stringify(envelope(personJoined('B', null, AT), 'quiet-org'))]))
        .status,
    ).toBe(200);
    expect((await holding).status).toBe(408);
    expect(
      (await postNdjson(`${api.url}/v1/orgs/busy-org/events/import`, [JSON.stringify(envelope(personJoined('B', null, AT), 'busy-org'))]))
        .body,
    ).toMatchObject({ accepted: 1 });
  });
});
