import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { checkInHeld, outcomeFramed, personJoined, personUpdated } from '../../../libs/domain/src/testing/builders.js';
import { projected, sql } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { getJson, postJson, postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';
import { eventually } from '../../../libs/event-store/src/contract/eventually.js';
import { alertingOrg, FAST_ALERTS_ENV, importOrg } from '../../support/alerting-org.js';
import { TestReceiver } from '../../support/webhook-receiver.js';

const ORG = 'erasure-org';
const AT = '2026-01-05T09:00:00Z';
// Marks no other data holds, so finding one anywhere means it leaked.
const NAME = 'Zelda Quixotic-Erasable';
const TITLE = 'Head of Qwertyuiop Affairs';
const OUTCOME = 'Outcome Xylophonic Secret';
const OTHER_NAME = 'Ada Keepsher-Name';
// An actor id that identifies its person on its own, as an e-mail address would.
const ACTOR = 'zelda.quixotic-actor@erasable.example';
const NOTE = 'Spoke with Zelda Quixotic-Notable about her team';
const EMAIL = 'zelda.quixotic@erasable.test';
const NEW_EMAIL = 'zq.renamed@erasable.test';

/**
 * Every file under a directory, its bytes as latin1 text: what a thief of the disk would read. A live engine
 * merges analytics parts meanwhile: a file gone between the listing and the read was merged into a new part,
 * which the listing holds too.
 */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .flatMap((path) => {
      try {
        return statSync(path).isFile() ? [{ path, text: readFileSync(path).toString('latin1') }] : [];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    });
}

describe('right to erasure by crypto-shredding: DELETE /v1/orgs/{orgId}/people/{personId}/personal-data', () => {
  let api: TestApp;
  const base = () => `${api.url}/v1/orgs/${ORG}`;

  beforeAll(async () => {
    api = await startTestApp();
    const events = [
      personJoined('M', null, AT, { name: OTHER_NAME }),
      personJoined('P', 'M', AT, { name: NAME, title: TITLE, email: EMAIL, attributes: { department: 'Sales' } }),
      ...['R1', 'R2', 'R3', 'R4'].map((id) => personJoined(id, 'P', AT)),
      checkInHeld({ leaderId: 'P', reportId: 'R1', at: '2026-02-01T10:00:00Z' }),
      checkInHeld({ leaderId: 'M', reportId: 'P', at: '2026-02-02T10:00:00Z' }),
      outcomeFramed({ leaderId: 'P', title: OUTCOME, successMeasures: [`${OUTCOME} measured`], at: '2026-02-03T10:00:00Z' }),
    ];
    expect(
      (
        await postNdjson(
          `${base()}/events/import`,
          events.map((event) => JSON.stringify(envelope(event, ORG))),
        )
      ).body.accepted,
    ).toBe(events.length);
    // A single post too: both write paths seal.
    expect((await postJson(`${base()}/events`, envelope(personJoined('P2', 'M', AT, { name: `${NAME} Two` }), ORG))).status).toBe(201);
    // Who acted, in the metadata: sealed with the actor's own key.
    const acted = {
      ...envelope(checkInHeld({ leaderId: 'P', reportId: 'R2', at: '2026-02-04T10:00:00Z' }), ORG),
      metadata: { source: 'api', actorId: ACTOR },
    };
    expect((await postJson(`${base()}/events`, acted)).status).toBe(201);
    const update = personUpdated('P', '2026-03-01T09:00:00Z', { email: NEW_EMAIL, attributes: { level: 'L5' } });
    expect((await postJson(`${base()}/events`, envelope(update, ORG))).status).toBe(201);
    await projected(api.url);
  });
  afterAll(() => api.close());

  const metricAnswers = async () =>
    Promise.all(
      ['org', 'layers', 'managers', 'managers/P', 'units/P'].map(
        async (path) => (await getJson(`${base()}/metrics/${path}?asOf=2026-06-30`)).body,
      ),
    );

  it('never writes personal data in clear: the event store file holds it sealed, the API opens it', async () => {
    const store = filesUnder(api.config.dataDir).filter(({ path }) => path.includes('events.sqlite'));
    expect(store.some(({ text }) => text.includes('pd1:'))).toBe(true);
    for (const { text } of store)
      for (const mark of [NAME, TITLE, OUTCOME, OTHER_NAME, ACTOR, EMAIL, NEW_EMAIL]) expect(text).not.toContain(mark);
    expect((await getJson(`${base()}/people/P`)).body).toMatchObject({ name: NAME, title: TITLE });
    const chart = (await getJson(`${base()}/org-chart`)).body.people as { personId: string; name?: string }[];
    expect(chart.find((person) => person.personId === 'P')?.name).toBe(NAME);
  });

  it('lets admins only erase, and afterwards the name is nowhere: event store, key store, every analytics table, the API; the metrics are unchanged', async () => {
    const before = await metricAnswers();
    const keyFile = api.config.auth.securityFile.replace('security.sqlite', 'personal-data-keys.sqlite');
    const keyOfP = (() => {
      const db = new Database(keyFile, { readonly: true });
      try {
        return (db.prepare("SELECT key FROM person_keys WHERE org_id = ? AND person_id = 'P'").get(ORG) as { key: Buffer }).key.toString(
          'latin1',
        );
      } finally {
        db.close();
      }
    })();
    const hr = await createKey(api.url, ORG, 'hr_analyst');
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/people/P/personal-data`, hr)).status).toBe(403);
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/people/P/personal-data`, await createKey(api.url, ORG, 'admin'))).status).toBe(
      204,
    );
    // The actor is a person too: erasing them removes the last trace of their id, the row of their key.
    expect(
      (
        await call(
          api.url,
          'DELETE',
          `/v1/orgs/${ORG}/people/${encodeURIComponent(ACTOR)}/personal-data`,
          await createKey(api.url, ORG, 'admin'),
        )
      ).status,
    ).toBe(204);

    const person = (await getJson(`${base()}/people/P`)).body;
    expect(person).toMatchObject({ personId: 'P', managerId: 'M', layer: 2 });
    expect(person).not.toHaveProperty('name');
    expect(person).not.toHaveProperty('title');
    const chart = (await getJson(`${base()}/org-chart`)).body.people as { personId: string; name?: string }[];
    expect(chart.find((entry) => entry.personId === 'P')).not.toHaveProperty('name');
    expect(chart.find((entry) => entry.personId === 'M')?.name).toBe(OTHER_NAME);
    expect((await getJson(`${base()}/people/P2`)).body.name).toBe(`${NAME} Two`);

    expect(readFileSync(keyFile).toString('latin1')).not.toContain(keyOfP);
    for (const { path, text } of filesUnder(api.config.dataDir)) {
      for (const mark of [NAME, TITLE, OUTCOME, ACTOR, EMAIL, NEW_EMAIL]) expect([path, text.includes(mark)]).toEqual([path, false]);
    }
    await call(api.url, 'POST', '/v1/admin/rebuild', (await import('../../support/credentials.js')).TEST_ADMIN_KEY);
    await projected(api.url);
    const tables = (await sql(api.url, 'SHOW TABLES')).map(([name]) => String(name)).filter((name) => !name.endsWith('_as_of'));
    expect(tables).toEqual(expect.arrayContaining(['reporting_lines', 'outcomes', 'dead_letters', 'person_attributes']));
    for (const table of tables) {
      const rows = JSON.stringify(await sql(api.url, `SELECT * FROM ${table}`));
      for (const mark of [NAME, TITLE, OUTCOME, EMAIL, NEW_EMAIL]) expect([table, rows.includes(mark)]).toEqual([table, false]);
    }
    expect(await metricAnswers()).toEqual(before);
  });

  it('refuses free text in event metadata, naming the field: metadata holds ids, not prose', async () => {
    for (const field of ['correlationId', 'causationId', 'source']) {
      const event = { ...envelope(personJoined('P9', 'M', AT), ORG), metadata: { [field]: 'Zelda Quixotic wrote this' } };
      const { status, body } = await postJson(`${base()}/events`, event);
      expect({ field, status }).toEqual({ field, status: 400 });
      expect(body.issues).toEqual([expect.objectContaining({ path: `metadata.${field}`, message: expect.stringContaining('no spaces') })]);
    }
  });

  it('is idempotent, and a person without personal data erases as well', async () => {
    const admin = await createKey(api.url, ORG, 'admin');
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/people/P/personal-data`, admin)).status).toBe(204);
    expect((await call(api.url, 'DELETE', `/v1/orgs/${ORG}/people/R1/personal-data`, admin)).status).toBe(204);
  });
});

describe('erasure reaches the acknowledgement note: the alert log and the webhook copies', () => {
  const ALERTS_ORG = 'erasure-alerts';
  const SECRET = 'erasure-webhook-secret-0123456789';
  let api: TestApp;
  const receiver = new TestReceiver(SECRET);

  beforeAll(async () => {
    // The receiver is on 127.0.0.1: an on-premises setup, where the operator allows private targets.
    api = await startTestApp({ ...FAST_ALERTS_ENV, ORGHEALTH_WEBHOOK_ALLOW_PRIVATE: '1' });
    const port = await receiver.listen();
    expect((await postJson(`${api.url}/v1/orgs/${ALERTS_ORG}/webhooks`, { url: `http://127.0.0.1:${port}/`, secret: SECRET })).status).toBe(
      201,
    );
    await importOrg(api.url, alertingOrg(ALERTS_ORG));
    await eventually(async () => expect((await getJson(`${api.url}/health`)).body.projector.lag).toBe(0), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  it('seals the note with the key of the person the alert is about, never sends it in a webhook, and after their erasure no file holds it', async () => {
    const alertsUrl = `${api.url}/v1/orgs/${ALERTS_ORG}/alerts`;
    const alert = await eventually(
      async () => {
        const { body } = await getJson(`${alertsUrl}?status=open`);
        expect(body.total).toBeGreaterThan(0);
        return body.alerts[0] as { alertId: string; subjectId: string };
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect((await postJson(`${alertsUrl}/${alert.alertId}/acknowledge`, { note: NOTE })).status).toBe(200);
    const shown = (await getJson(`${alertsUrl}/${alert.alertId}`)).body;
    expect(shown.acknowledged.note).toBe(NOTE);
    expect(shown.history.find((event: { type: string }) => event.type === 'AlertAcknowledged').data.note).toBe(NOTE);
    const acknowledgement = await eventually(
      () => {
        const delivery = receiver.deliveries.find(({ body }) => body.event.type === 'AlertAcknowledged');
        expect(delivery).toBeDefined();
        return delivery!;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(acknowledgement.body.event.data).not.toHaveProperty('note');
    for (const { path, text } of filesUnder(api.config.dataDir)) expect([path, text.includes(NOTE)]).toEqual([path, false]);

    expect(
      (
        await call(
          api.url,
          'DELETE',
          `/v1/orgs/${ALERTS_ORG}/people/${encodeURIComponent(alert.subjectId)}/personal-data`,
          await createKey(api.url, ALERTS_ORG, 'admin'),
        )
      ).status,
    ).toBe(204);
    const erased = (await getJson(`${alertsUrl}/${alert.alertId}`)).body;
    expect(erased.acknowledged).toMatchObject({ note: null });
    expect(erased.history.find((event: { type: string }) => event.type === 'AlertAcknowledged').data).not.toHaveProperty('note');
    expect(JSON.stringify((await getJson(`${alertsUrl}?limit=5000`)).body)).not.toContain(NOTE);
    for (const { path, text } of filesUnder(api.config.dataDir)) expect([path, text.includes(NOTE)]).toEqual([path, false]);
  });
});
