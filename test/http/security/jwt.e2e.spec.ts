import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { envelope } from '../../support/envelopes.js';
import { call } from '../../support/security.js';
import { postNdjson, startTestApp, type TestApp } from '../../support/test-app.js';

const ORG = 'sso-org';
const ISSUER = 'https://sso.test';
const AUDIENCE = 'orghealth';

describe('SSO: JWTs verified against a JWKS (served on loopback) or a public key', () => {
  let signing: { privateKey: CryptoKey; publicKey: CryptoKey };
  let stranger: { privateKey: CryptoKey };
  let jwks: Server;
  let api: TestApp;

  const token = (claims: JWTPayload, options: { key?: CryptoKey; issuer?: string; audience?: string; expires?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.key ?? signing.privateKey);

  beforeAll(async () => {
    signing = await generateKeyPair('RS256');
    stranger = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((listening) => jwks.listen(0, '127.0.0.1', listening));
    const { port } = jwks.address() as AddressInfo;
    api = await startTestApp({
      ORGHEALTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      ORGHEALTH_JWT_ISSUER: ISSUER,
      ORGHEALTH_JWT_AUDIENCE: AUDIENCE,
    });
    await postNdjson(`${api.url}/v1/orgs/${ORG}/events/import`, [
      JSON.stringify(envelope(personJoined('P1', null, '2026-01-05T09:00:00Z'), ORG)),
    ]);
  });
  afterAll(async () => {
    await api.close();
    await new Promise((closed) => jwks.close(closed));
  });

  const chart = async (jwt: string, orgId = ORG) => (await call(api.url, 'GET', `/v1/orgs/${orgId}/org-chart`, jwt)).status;

  it('accepts a valid token with its org and role', async () => {
    expect(await chart(await token({ org: ORG, role: 'hr_analyst' }))).toBe(200);
  });

  it('refuses a token of another org, and a role the route does not allow', async () => {
    expect(await chart(await token({ org: ORG, role: 'hr_analyst' }), 'other-org')).toBe(403);
    expect(await chart(await token({ org: ORG, role: 'ingest' }))).toBe(403);
  });

  it("answers 401 for a wrong issuer, audience, signer, an expired token, bad claims or the operator's reach", async () => {
    const claims = { org: ORG, role: 'hr_analyst' };
    const refused = [
      await token(claims, { issuer: 'https://evil.test' }),
      await token(claims, { audience: 'someone-else' }),
      await token(claims, { key: stranger.privateKey }),
      await token(claims, { expires: '-1m' }),
      await token({ org: ORG, role: 'superuser' }),
      await token({ org: ORG, role: 'manager' }),
      await token({ org: '*', role: 'admin' }),
      `${(await token(claims)).slice(0, -4)}AAAA`,
    ];
    for (const jwt of refused) expect(await chart(jwt)).toBe(401);
  });

  it('signs the dashboard in with a valid token: the session carries its org, role and person; a bad token gets no cookie', async () => {
    const signIn = async (credential: string) => {
      const response = await fetch(`${api.url}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-orghealth-csrf': '1' },
        body: JSON.stringify({ credential }),
      });
      return { status: response.status, body: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] };
    };
    const signedIn = await signIn(await token({ org: ORG, role: 'manager', personId: 'P1' }));
    expect(signedIn).toMatchObject({
      status: 201,
      body: { principal: { subject: 'jwt:user-1', orgId: ORG, role: 'manager', personId: 'P1' } },
    });
    const response = await fetch(`${api.url}/v1/orgs/${ORG}/org-chart`, { headers: { cookie: signedIn.cookie! } });
    expect(response.status).toBe(200);
    expect(await signIn(await token({ org: ORG, role: 'hr_analyst' }, { key: stranger.privateKey }))).toMatchObject({
      status: 401,
      cookie: undefined,
    });
  });

  it('verifies against one PEM public key too', async () => {
    const pem = await exportSPKI(signing.publicKey);
    const keyed = await startTestApp({ ORGHEALTH_JWT_PUBLIC_KEY: pem, ORGHEALTH_JWT_ISSUER: ISSUER, ORGHEALTH_JWT_AUDIENCE: AUDIENCE });
    try {
      await postNdjson(`${keyed.url}/v1/orgs/${ORG}/events/import`, [
        JSON.stringify(envelope(personJoined('P1', null, '2026-01-05T09:00:00Z'), ORG)),
      ]);
      expect((await call(keyed.url, 'GET', `/v1/orgs/${ORG}/org-chart`, await token({ org: ORG, role: 'admin' }))).status).toBe(200);
      expect(
        (await call(keyed.url, 'GET', `/v1/orgs/${ORG}/org-chart`, await token({ org: ORG, role: 'admin' }, { key: stranger.privateKey })))
          .status,
      ).toBe(401);
    } finally {
      await keyed.close();
    }
  });
});
