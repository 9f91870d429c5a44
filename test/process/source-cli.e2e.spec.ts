import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { meetings, orgEvents, toIcs } from '../support/calendar-org.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { postNdjson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'cli-sources';

// Runs the built CLI (npm run build first) against an engine on 127.0.0.1.
describe('orghealth calendar import and csv import', () => {
  let api: TestApp;
  const dir = tempDir();

  beforeAll(async () => {
    api = await startTestApp();
    await postNdjson(
      `${api.url}/v1/orgs/${ORG}/events/import`,
      orgEvents(ORG).map((event) => JSON.stringify(event)),
    );
  });
  afterAll(async () => {
    await api.close();
    dir.remove();
  });

  it('previews with --dry-run, then records, then a resend is all already recorded', async () => {
    const file = join(dir.path, 'year.ics');
    writeFileSync(file, toIcs(meetings()));
    const dry = await runCli(['calendar', 'import', file, '--org', ORG, '--format', 'ics', '--dry-run', '--url', api.url]);
    expect(dry).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/would record \d+ CheckInHeld, \d+ SkipLevelDone; 0 already recorded; 0 rejected/),
    });
    expect(dry.stdout).toMatch(/ignored: .*declined 1/);
    const first = await runCli(['calendar', 'import', file, '--org', ORG, '--format', 'ics', '--url', api.url]);
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/: recorded \d+ CheckInHeld, \d+ SkipLevelDone; 0 already recorded/),
    });
    const again = await runCli(['calendar', 'import', file, '--org', ORG, '--format', 'ics', '--url', api.url]);
    expect(again.stdout).toMatch(/recorded nothing new; [1-9]\d* already recorded; 0 rejected/);
  });

  it('orghealth csv import records the good rows and lists the bad ones by row number (exit 2)', async () => {
    const file = join(dir.path, 'feedback.csv');
    writeFileSync(file, 'id,giver,receiver,given_at\nc1,m1@acme.test,i1,2025-03-03\nc2,m1,i1,yesterday\n');
    const { code, stdout } = await runCli(['csv', 'import', file, '--kind', 'feedback', '--org', ORG, '--url', api.url]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/2 read: recorded 1 FeedbackGiven; 0 already recorded; 1 rejected/);
    expect(stdout).toMatch(/row 3: given_at must be a date/);
  });

  it('names a missing or wrong option with the usage', async () => {
    const noFormat = await runCli(['calendar', 'import', 'x.ics', '--org', ORG]);
    expect(noFormat).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format must be one of ics, google, graph[\s\S]*usage: orghealth calendar import/),
    });
  });
});
