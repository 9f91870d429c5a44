import { CommandBus } from '@nestjs/cqrs';
import { RecordOrgEvents } from '@orghealth/write-model';
import type { Subscription } from 'rxjs';
import { personJoined } from '../../libs/domain/src/testing/builders.js';
import { envelope } from '../support/envelopes.js';
import { postJson, postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'one-door';

/** The write pipeline has one door: each entrance's writes reach the writer as RecordOrgEvents on the CommandBus. */
describe('every entrance records through the CommandBus', () => {
  let api: TestApp;
  let watching: Subscription;
  const sent: RecordOrgEvents[] = [];
  // A chain of 30 people, each reporting to the one before.
  const events = Array.from({ length: 30 }, (_, i) =>
    envelope(personJoined(`E${i + 1}`, i === 0 ? null : `E${i}`, '2026-01-01T09:00:00Z'), ORG),
  );
  const lines = events.map((event) => JSON.stringify(event));

  beforeAll(async () => {
    api = await startTestApp({ ORGHEALTH_IMPORT_BATCH_LINES: '10' });
    watching = api.app.get(CommandBus).subscribe((command) => {
      if (command instanceof RecordOrgEvents) sent.push(command);
    });
  });
  afterAll(async () => {
    watching.unsubscribe();
    await api.close();
  });

  it('a single event is one RecordOrgEvents of that event', async () => {
    const first = events[0]!;
    expect((await postJson(`${api.url}/v1/orgs/${ORG}/events`, first)).status).toBe(201);
    expect(sent.map((command) => [command.orgId, command.events.map((event) => event.eventId)])).toEqual([[ORG, [first.eventId]]]);
  });

  it('an NDJSON import is one RecordOrgEvents per batch, every line in file order', async () => {
    sent.length = 0;
    const report = await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, lines);
    expect(report.body).toMatchObject({ accepted: lines.length - 1, duplicates: 1, rejected: 0 });
    expect(sent.map((command) => command.events.length)).toEqual([10, 10, 10]);
    expect(sent.flatMap((command) => command.events.map((event) => event.eventId))).toEqual(events.map((event) => event.eventId));
  });
});
