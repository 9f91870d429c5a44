import Database from 'better-sqlite3';
import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { call, createKey } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'audited';
const AT = '2026-01-05T09:00:00Z';

describe('audit log: reads of individual-level data and admin actions, append-only, for admins', () => {
  let api: TestApp;
  let admin: string;
  let manager: string;
  const entries = async () =>
    (await call(api.url, 'GET', `/v1/orgs/${ORG}/audit?limit=5000`, admin)).body.entries as Record<string, unknown>[];

  beforeAll(async () => {
    api = await startTestApp();
    const people = [personJoined('M', null, AT), ...['R1', 'R2', 'R3'].map((id) => personJoined(id, 'M', AT))];
    await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      people.map((event) => JSON.stringify(envelope(event, ORG))),
    );
    await projected(api.url);
    admin = await createKey(api.url, ORG, 'admin');
    manager = await createKey(api.url, ORG, 'manager', 'M');
  });
  afterAll(() => api.close());

  it('records who read which individual-level data, when, from where, and the answer', async () => {
    const before = Date.now();
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/managers/M?asOf=2026-07-01`, manager)).status).toBe(200);
    const entry = (await entries()).find((candidate) => candidate.target === `/v1/orgs/${ORG}/metrics/managers/M?asOf=2026-07-01`);
    expect(entry).toMatchObject({
      subject: `key:${manager.split('_')[1]}`,
      orgId: ORG,
      role: 'manager',
      action: 'individual-read GET /v1/orgs/:orgId/metrics/managers/:personId',
      ip: '127.0.0.1',
      status: 200,
    });
    expect(Date.parse(String(entry!.at))).toBeGreaterThanOrEqual(before - 1000);
  });

  it("records analysts' SQL with the statement", async () => {
    const analyst = await createKey(api.url, ORG, 'hr_analyst');
    expect((await call(api.url, 'POST', '/v1/sql', analyst, { sql: 'SELECT person_id FROM reporting_lines' })).status).toBe(200);
    const entry = (await entries()).find(
      (candidate) => String(candidate.action).endsWith('POST /v1/sql') && candidate.role === 'hr_analyst',
    );
    expect(entry).toMatchObject({
      action: 'individual-read POST /v1/sql',
      target: '/v1/sql SELECT person_id FROM reporting_lines',
      status: 200,
    });
  });

  it('records admin actions, refusals included, and not group metric reads', async () => {
    await createKey(api.url, ORG, 'ingest', undefined, admin);
    await call(api.url, 'POST', `/v1/orgs/${ORG}/api-keys`, manager, { role: 'admin' });
    await call(api.url, 'GET', `/v1/orgs/${ORG}/metrics/units/M`, manager);
    const log = await entries();
    const keyCreations = log.filter((entry) => entry.action === 'admin-action POST /v1/orgs/:orgId/api-keys');
    expect(keyCreations.map((entry) => [entry.role, entry.status])).toEqual(
      expect.arrayContaining([
        ['admin', 201],
        ['manager', 403],
      ]),
    );
    expect(log.some((entry) => String(entry.target).includes('/metrics/units/'))).toBe(false);
  });

  it('is for admins only, and the file refuses changes to it', async () => {
    expect((await call(api.url, 'GET', `/v1/orgs/${ORG}/audit`, manager)).status).toBe(403);
    const db = new Database(api.config.auth.securityFile);
    try {
      expect(() => db.prepare("UPDATE audit_log SET subject = 'someone else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await entries()).length).toBeGreaterThan(0);
  });
});
