import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { authHeaders, keyParts } from '../support/credentials.js';
import { EngineProcess } from '../support/engine-process.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('the admin key on the embedded default, and the API keys CLI', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('generates the operator key once, owner-only, prints where it is (never the key), and keeps it across restarts', async () => {
    const noKey = { ORGHEALTH_ADMIN_KEY: '' };
    const first = await EngineProcess.start(dir.path, noKey);
    const file = join(dir.path, 'admin.key');
    let key: string;
    try {
      key = readFileSync(file, 'utf8').trim();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await eventually(async () => expect(first.output()).toContain(file), { timeoutMs: 5000, intervalMs: 20 });
      expect(first.output()).not.toContain(key);
      expect((await fetch(`${first.url}/v1/orgs/x/org-chart`)).status).toBe(401);
      expect((await fetch(`${first.url}/v1/orgs/x/org-chart`, { headers: authHeaders(key) })).status).toBe(404);
      // The CLI beside the engine finds the key itself, as the README's commands expect.
      const created = await runCli(['keys', 'create', '--org', 'x', '--role', 'manager', '--person', 'M1', '--url', first.url], {
        ORGHEALTH_API_KEY: '',
        ORGHEALTH_DATA_DIR: dir.path,
      });
      expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ohk_[0-9a-f]{16}_\S{43}\n$/) });
      const managerKey = created.stdout.trim();
      const { id: keyId, secret } = keyParts(managerKey);
      const listed = await runCli(['keys', 'list', '--org', 'x', '--url', first.url], {
        ORGHEALTH_API_KEY: '',
        ORGHEALTH_DATA_DIR: dir.path,
      });
      expect(listed.stdout).toContain(keyId);
      expect(listed.stdout).not.toContain(secret);
      const stored =
        readFileSync(join(dir.path, 'security.sqlite')).toString('latin1') +
        readFileSync(join(dir.path, 'security.sqlite-wal')).toString('latin1');
      expect(stored).not.toContain(secret);
      for (const file of ['security.sqlite', 'security.sqlite-wal', 'personal-data-keys.sqlite'])
        expect([file, statSync(join(dir.path, file)).mode & 0o777]).toEqual([file, 0o600]);
      expect((await fetch(`${first.url}/v1/orgs/x/people/M1`, { headers: authHeaders(managerKey) })).status).toBe(404);
      const revoked = await runCli(['keys', 'revoke', managerKey.split('_')[1]!, '--org', 'x', '--url', first.url], {
        ORGHEALTH_API_KEY: key,
      });
      expect(revoked.code).toBe(0);
      expect((await fetch(`${first.url}/v1/orgs/x/people/M1`, { headers: authHeaders(managerKey) })).status).toBe(401);
    } finally {
      await first.stop();
    }
    const second = await EngineProcess.start(dir.path, noKey);
    try {
      expect(readFileSync(file, 'utf8').trim()).toBe(key);
      expect((await fetch(`${second.url}/v1/orgs/x/org-chart`, { headers: authHeaders(key) })).status).toBe(404);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start bound beyond loopback without an admin key or JWTs configured', async () => {
    const other = tempDir();
    try {
      await expect(EngineProcess.start(other.path, { ORGHEALTH_ADMIN_KEY: '', HOST: '0.0.0.0' })).rejects.toThrow(
        /exited with 1[\s\S]*HOST: 0\.0\.0\.0 is not loopback/,
      );
    } finally {
      other.remove();
    }
  });
});
