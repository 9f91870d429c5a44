import { CSRF_HEADER, isCrossSiteRisk, newSessionId, sessionCookie, sessionIdOf } from './session-cookie.js';

describe('the session cookie', () => {
  it('is http-only, same-site strict, for the whole site, and Secure only when asked (a request over https)', () => {
    const id = newSessionId();
    expect(sessionCookie(id, 60, false)).toBe(`orghealth_session=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=60`);
    expect(sessionCookie(id, 60, true)).toBe(`orghealth_session=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure`);
  });

  it('is found among other cookies, and only in the shape the server issues', () => {
    const id = newSessionId();
    expect(sessionIdOf(`theme=dark; orghealth_session=${id}; x=1`)).toBe(id);
    expect(sessionIdOf('orghealth_session=short')).toBeUndefined();
    expect(sessionIdOf(undefined)).toBeUndefined();
  });

  it('makes a change a cross-site risk when only the cookie vouches for it and the CSRF header is missing', () => {
    const cookie = `orghealth_session=${newSessionId()}`;
    expect(isCrossSiteRisk({ method: 'POST', headers: { cookie } })).toBe(true);
    expect(isCrossSiteRisk({ method: 'POST', headers: { cookie, [CSRF_HEADER]: '1' } })).toBe(false);
    expect(isCrossSiteRisk({ method: 'GET', headers: { cookie } })).toBe(false);
    expect(isCrossSiteRisk({ method: 'DELETE', headers: { cookie, authorization: 'Bearer k' } })).toBe(false);
    expect(isCrossSiteRisk({ method: 'PUT', headers: {} })).toBe(false);
  });
});
