import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '@orghealth/config';
import { createApp } from '../../../apps/api/src/app.factory.js';
import { Readiness } from '../../../apps/api/src/health/readiness.js';
import { personJoined } from '../../../libs/domain/src/testing/builders.js';
import { projected } from '../../support/analytics-snapshot.js';
import { envelope } from '../../support/envelopes.js';
import { createKey } from '../../support/security.js';
import { postJson, postNdjson } from '../../support/test-app.js';
import { tempDir } from '../../support/temp-dir.js';

const ORG = 'modes';
const AT = '2026-01-05T09:00:00Z';

/**
 * Every directory and file under `dir` (itself included) with its permission bits. Symbolic links (chDB's
 * Atomic databases link table names to their data) have no permissions of their own on Linux: what they
 * point at is under `dir` and checked there.
 */
function modesUnder(dir: string): { path: string; directory: boolean; mode: number }[] {
  const entries = [{ path: dir, directory: true, mode: lstatSync(dir).mode & 0o777 }];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = lstatSync(join(dir, entry));
    if (stat.isSymbolicLink()) continue;
    entries.push({ path: join(dir, entry), directory: stat.isDirectory(), mode: stat.mode & 0o777 });
  }
  return entries;
}

describe("the data directory is its owner's alone", () => {
  it('is 0700 with every file in it 0600: event store, alerts, keys, personal data keys, the generated admin key, the analytics; wider modes left by an earlier run are narrowed', async () => {
    const parent = tempDir('orghealth-modes-');
    const dataDir = join(parent.path, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'left-by-an-earlier-version.txt'), 'x', { mode: 0o644 });
    chmodSync(join(dataDir, 'left-by-an-earlier-version.txt'), 0o644);
    // No ORGHEALTH_ADMIN_KEY: the engine generates its key into the data directory.
    const config = loadConfig({ ORGHEALTH_DATA_DIR: dataDir, PORT: '0', ORGHEALTH_DEMO: '0', LOG_LEVEL: 'error' });
    const app = await createApp(config);
    try {
      await app.listen(0, '127.0.0.1');
      app.get(Readiness).ready = true;
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
      const lines = [personJoined('P1', null, AT, { name: 'Named Person' }), personJoined('P2', 'P1', AT)].map((event) =>
        JSON.stringify(envelope(event, ORG)),
      );
      expect((await postNdjson(`${url}/v1/orgs/${ORG}/events/import`, lines, key)).status).toBe(200);
      await projected(url);
      await createKey(url, ORG, 'ingest', undefined, key);
      expect(
        (await postJson(`${url}/v1/orgs/${ORG}/webhooks`, { url: 'https://hooks.example.com/x', secret: 'sixteen-characters!' }, key))
          .status,
      ).toBe(201);

      const entries = modesUnder(dataDir);
      const names = entries.map((entry) => relative(dataDir, entry.path));
      expect(names).toEqual(
        expect.arrayContaining([
          'events.sqlite',
          'alerts.sqlite',
          'security.sqlite',
          'personal-data-keys.sqlite',
          'admin.key',
          'analytics',
        ]),
      );
      expect(entries.filter((entry) => entry.path.startsWith(join(dataDir, 'analytics')) && !entry.directory).length).toBeGreaterThan(10);
      const wider = entries
        .filter((entry) => entry.mode !== (entry.directory ? 0o700 : 0o600))
        .map((entry) => `${relative(dataDir, entry.path) || '.'} ${entry.mode.toString(8)}`);
      expect(wider).toEqual([]);
    } finally {
      await app.close();
      parent.remove();
    }
  });
});
