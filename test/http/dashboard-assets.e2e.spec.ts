import { getJson, startTestApp, type TestApp } from '../support/test-app.js';

describe('the dashboard served by the API app at /', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('serves the page, revalidated on every load, naming only bundled assets of its own', async () => {
    const response = await fetch(`${api.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!).filter((url) => !url.startsWith('data:'));
    expect(assets).toHaveLength(2);
    for (const asset of assets) expect(asset).toMatch(/^\/assets\/[a-z]+-[A-Z0-9]+\.(js|css)$/);
  });

  it('serves the hashed assets with their content types, cached for good; an unknown one is a 404', async () => {
    const html = await (await fetch(`${api.url}/`)).text();
    const script = /src="([^"]+\.js)"/.exec(html)![1]!;
    const styles = /href="([^"]+\.css)"/.exec(html)![1]!;
    for (const [path, type] of [
      [script, 'text/javascript; charset=utf-8'],
      [styles, 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`);
      expect({
        path,
        status: response.status,
        type: response.headers.get('content-type'),
        cache: response.headers.get('cache-control'),
      }).toEqual({
        path,
        status: 200,
        type,
        cache: 'public, max-age=31536000, immutable',
      });
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await fetch(`${api.url}/assets/nothing-here.js`)).status).toBe(404);
  });

  it('sends the assets brotli-compressed to a browser that accepts it', async () => {
    const html = await (await fetch(`${api.url}/`)).text();
    const script = /src="([^"]+\.js)"/.exec(html)![1]!;
    const plain = await fetch(`${api.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    const compressed = await fetch(`${api.url}${script}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(Number(compressed.headers.get('content-length'))).toBeLessThan(Number(plain.headers.get('content-length')) / 2);
    expect(await compressed.text()).toBe(await plain.text());
  });

  it('leaves the API as it was: /docs, /v1 and an OpenAPI document without the static routes', async () => {
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
    expect((await getJson(`${api.url}/v1/orgs/nobody/org-chart`)).status).toBe(404);
    const { body } = await getJson(`${api.url}/docs/json`);
    const paths = Object.keys(body.paths);
    expect(paths).toContain('/v1/orgs/{orgId}/metrics/trend');
    // Besides /v1, only the operator's routes outside it (health, its probes, the Prometheus scrape): no static route.
    expect(paths.filter((path) => !path.startsWith('/v1/')).sort()).toEqual(['/health', '/health/live', '/health/ready', '/metrics']);
  });
});
