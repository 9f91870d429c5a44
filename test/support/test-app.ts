import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Config } from '@orghealth/config';
import { createApp } from '../../apps/api/src/app.factory.js';
import { Readiness } from '../../apps/api/src/health/readiness.js';
import { authHeaders, TEST_ENGINE_ENV } from './credentials.js';
import { tempDir } from './temp-dir.js';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: Config;
  close: () => Promise<void>;
}

/** The real API on a real port over a fresh data directory (no demo org), with the operator's key TEST_ADMIN_KEY. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = tempDir();
  const config = loadConfig({
    ORGHEALTH_DATA_DIR: dir.path,
    PORT: '0',
    ORGHEALTH_DEMO: '0',
    LOG_LEVEL: 'error',
    ...TEST_ENGINE_ENV,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  app.get(Readiness).ready = true;
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    close: async () => {
      await app.close();
      dir.remove();
    },
  };
}

/** The JSON helpers call as the operator unless given another key. */
export async function postJson(url: string, body: unknown, key?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(key) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function getJson(url: string, key?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: authHeaders(key) });
  return { status: response.status, body: await response.json() };
}

/** A GET as the operator that must answer 200 (the URL names the failure); its body. */
export async function getOk(url: string): Promise<any> {
  const { status, body } = await getJson(url);
  expect({ url, status }).toEqual({ url, status: 200 });
  return body;
}

export async function postNdjson(url: string, lines: Iterable<string> | string, key?: string): Promise<{ status: number; body: any }> {
  const text = typeof lines === 'string' ? lines : `${[...lines].join('\n')}\n`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...authHeaders(key) },
    body: text,
  });
  return { status: response.status, body: await response.json() };
}
