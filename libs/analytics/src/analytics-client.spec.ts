import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAnalyticsClient } from './analytics-client.js';
import { openTestAnalytics, rows, type TestAnalytics } from './testing/test-analytics.js';

describe('openAnalyticsClient (embedded)', () => {
  let first: TestAnalytics;
  let second: TestAnalytics;

  beforeAll(async () => {
    [first, second] = [await openTestAnalytics({ migrated: false }), await openTestAnalytics({ migrated: false })];
  });

  afterAll(async () => {
    await first.dispose();
    await second.dispose();
  });

  it('gives each client of the shared data directory its own database, created on open', async () => {
    expect(await rows(first.client, 'SELECT currentDatabase() AS name')).toEqual([{ name: first.database }]);
    expect(await rows(second.client, 'SELECT currentDatabase() AS name')).toEqual([{ name: second.database }]);

    await first.client.command({ query: 'CREATE TABLE notes (text String) ENGINE = MergeTree ORDER BY text' });
    await first.client.insert({ table: 'notes', values: [{ text: 'only in the first' }], format: 'JSONEachRow' });
    expect(await rows(first.client, 'SELECT text FROM notes')).toEqual([{ text: 'only in the first' }]);
    await expect(second.client.query({ query: 'SELECT text FROM notes' })).rejects.toThrow(/notes/);
  });

  it('refuses a second data directory while one is open in the process', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'orghealth-analytics-other-'));
    try {
      await expect(openAnalyticsClient({ mode: 'embedded', path: elsewhere, database: 'other' })).rejects.toThrow(
        /one active data directory per process/,
      );
      // The engine keeps serving the directory it has.
      expect(await rows(first.client, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
