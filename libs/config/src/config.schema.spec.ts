import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.schema.js';

describe('loadConfig', () => {
  it('runs embedded with no environment at all', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      dataDir: '/srv/app/data',
      host: '127.0.0.1',
      port: 3000,
      demo: { enabled: true },
      sqlite: { file: '/srv/app/data/events.sqlite' },
    });
  });

  it('reads the documented variables', () => {
    const config = loadConfig({ ORGHEALTH_DATA_DIR: '/var/lib/orghealth', PORT: '8080', ORGHEALTH_DEMO: '0' }, '/x');
    expect(config).toMatchObject({ dataDir: '/var/lib/orghealth', port: 8080, demo: { enabled: false } });
  });

  it('keeps the analytics embedded under the data directory unless a ClickHouse server is named', () => {
    expect(loadConfig({}, '/srv/app').analytics).toEqual({ mode: 'embedded', path: '/srv/app/data/analytics', database: 'orghealth' });
    const server = loadConfig({
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_PASSWORD: 's3cret',
      CLICKHOUSE_DATABASE: 'org_health',
    });
    expect(server.analytics).toEqual({
      mode: 'server',
      url: 'http://clickhouse:8123',
      username: 'default',
      password: 's3cret',
      database: 'org_health',
      analysts: { isolation: 'users', secret: undefined, secretFile: resolve('data/clickhouse-analyst.secret') },
    });
  });

  it('runs analysts as per-org ClickHouse users on a server unless told to send settings, with a secret of 32+ characters or a generated one', () => {
    const users = loadConfig({ CLICKHOUSE_URL: 'http://clickhouse:8123', CLICKHOUSE_ANALYST_SECRET: 'x'.repeat(32) }, '/srv/app').analytics;
    expect(users).toMatchObject({
      analysts: { isolation: 'users', secret: 'x'.repeat(32), secretFile: '/srv/app/data/clickhouse-analyst.secret' },
    });
    expect(loadConfig({ CLICKHOUSE_URL: 'http://clickhouse:8123', CLICKHOUSE_ANALYST_ISOLATION: 'settings' }).analytics).toMatchObject({
      analysts: { isolation: 'settings' },
    });
    expect(() => loadConfig({ CLICKHOUSE_ANALYST_ISOLATION: 'none' })).toThrow(/CLICKHOUSE_ANALYST_ISOLATION/);
    expect(() => loadConfig({ CLICKHOUSE_ANALYST_SECRET: 'short' })).toThrow(/CLICKHOUSE_ANALYST_SECRET: at least 32 characters/);
  });

  it('keeps the alerts file in the data directory, with the evaluation and webhook timings', () => {
    expect(loadConfig({}, '/srv/app')).toMatchObject({
      alerts: { file: '/srv/app/data/alerts.sqlite', debounceMs: 5000, everyMs: 60_000 },
      webhooks: { maxAttempts: 12, retryBaseMs: 2000, retryMaxMs: 900_000, timeoutMs: 10_000, pollMs: 1000 },
    });
    expect(loadConfig({ ORGHEALTH_WEBHOOK_MAX_ATTEMPTS: '3', ORGHEALTH_ALERTS_EVERY_MS: '5000' }).webhooks.maxAttempts).toBe(3);
    expect(() => loadConfig({ ORGHEALTH_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/ORGHEALTH_WEBHOOK_MAX_ATTEMPTS/);
    expect(() => loadConfig({ ORGHEALTH_ALERTS_EVERY_MS: '10' })).toThrow(/ORGHEALTH_ALERTS_EVERY_MS/);
  });

  it('rejects a ClickHouse database that is not a plain identifier', () => {
    expect(() => loadConfig({ CLICKHOUSE_DATABASE: 'org-health; DROP' })).toThrow(/CLICKHOUSE_DATABASE/);
  });

  it('projects inline by default, and refuses an external projector on the embedded analytics', () => {
    expect(loadConfig({}).projector).toBe('inline');
    expect(loadConfig({ ORGHEALTH_PROJECTOR: 'external', CLICKHOUSE_URL: 'http://clickhouse:8123' }).projector).toBe('external');
    expect(() => loadConfig({ ORGHEALTH_PROJECTOR: 'external' })).toThrow(/ORGHEALTH_PROJECTOR: external needs CLICKHOUSE_URL/);
  });

  it('names a ClickHouse cluster only together with a server', () => {
    const cluster = loadConfig({ CLICKHOUSE_URL: 'http://ch1:8123', CLICKHOUSE_CLUSTER: 'orghealth' });
    expect(cluster.analytics).toMatchObject({ mode: 'server', cluster: 'orghealth' });
    expect(loadConfig({ CLICKHOUSE_URL: 'http://ch1:8123' }).analytics).not.toHaveProperty('cluster');
    expect(() => loadConfig({ CLICKHOUSE_CLUSTER: 'orghealth' })).toThrow(/CLICKHOUSE_CLUSTER: a cluster needs CLICKHOUSE_URL/);
    expect(() => loadConfig({ CLICKHOUSE_URL: 'http://ch1:8123', CLICKHOUSE_CLUSTER: 'a b' })).toThrow(
      /CLICKHOUSE_CLUSTER: must be a plain identifier/,
    );
  });

  it('keeps the events in SQLite unless an EventStoreDB connection string is given', () => {
    expect(loadConfig({}, '/srv/app').eventStore).toEqual({ kind: 'sqlite', file: '/srv/app/data/events.sqlite', pollIntervalMs: 250 });
    const cluster = 'esdb://es1:2113,es2:2113,es3:2113?tls=true';
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: cluster }).eventStore).toEqual({ kind: 'eventstoredb', connectionString: cluster });
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb+discover://cluster.internal:2113' }).eventStore.kind).toBe('eventstoredb');
    expect(() => loadConfig({ EVENTSTORE_CONNECTION_STRING: 'http://es1:2113' })).toThrow(
      /^ {2}- EVENTSTORE_CONNECTION_STRING: must be esdb:\/\//m,
    );
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ORGHEALTH_DEMO: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^ORGHEALTH_DEMO: /m);
  });

  it('refuses to listen beyond loopback unless an admin key or JWT verification is configured', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST: 0.0.0.0 is not loopback/);
    expect(loadConfig({ HOST: '0.0.0.0', ORGHEALTH_ADMIN_KEY: 'k'.repeat(32) }).auth.adminKey).toBe('k'.repeat(32));
    const sso = loadConfig({
      HOST: '10.0.0.5',
      ORGHEALTH_JWKS_URL: 'https://sso.example/jwks',
      ORGHEALTH_JWT_ISSUER: 'https://sso.example',
      ORGHEALTH_JWT_AUDIENCE: 'orghealth',
    });
    expect(sso.auth.jwt).toEqual({ issuer: 'https://sso.example', audience: 'orghealth', jwksUrl: 'https://sso.example/jwks' });
    expect(loadConfig({ HOST: '127.0.0.1' }).auth).toMatchObject({ adminKey: undefined, jwt: undefined });
  });

  it('needs the issuer and audience to verify JWTs, and a short admin key is refused', () => {
    expect(() => loadConfig({ ORGHEALTH_JWKS_URL: 'https://sso.example/jwks' })).toThrow(
      /ORGHEALTH_JWT_ISSUER: required[\s\S]*ORGHEALTH_JWT_AUDIENCE: required/,
    );
    expect(() => loadConfig({ ORGHEALTH_ADMIN_KEY: 'short' })).toThrow(/ORGHEALTH_ADMIN_KEY: at least 32/);
  });

  it('reads the allowed CORS origins as a list of URLs', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ ORGHEALTH_CORS_ORIGINS: 'https://a.example, https://b.example' }).http.corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => loadConfig({ ORGHEALTH_CORS_ORIGINS: '*' })).toThrow(/ORGHEALTH_CORS_ORIGINS/);
  });
});
