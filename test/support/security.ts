import type { Role } from '../../apps/api/src/security/principal.js';
import { authHeaders } from './credentials.js';
import { postJson } from './test-app.js';

/** Creates an API key of the org with the operator's key (or `asKey`), and returns the key itself. */
export async function createKey(url: string, orgId: string, role: Role, personId?: string, asKey?: string): Promise<string> {
  const { status, body } = await postJson(`${url}/v1/orgs/${orgId}/api-keys`, { role, ...(personId ? { personId } : {}) }, asKey);
  if (status !== 201) throw new Error(`creating a ${role} key: ${status} ${JSON.stringify(body)}`);
  return body.key;
}

/** Any call, with or without a key (`null`: no Authorization header); the body is parsed when it is JSON. */
export async function call(
  url: string,
  method: string,
  path: string,
  key: string | null,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(key === null ? {} : authHeaders(key)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // NDJSON streams (rebuild) and empty bodies (204) stay text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
