import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineProcess } from '../support/engine-process.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { getJson } from '../support/test-app.js';

describe('orghealth hris sync', () => {
  const dir = tempDir();
  let engine: EngineProcess;
  beforeAll(async () => {
    engine = await EngineProcess.start(join(dir.path, 'data'));
  });
  afterAll(async () => {
    await engine.stop();
    dir.remove();
  });

  const file = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };
  const sync = (path: string, ...options: string[]) => runCli(['hris', 'sync', path, '--org', 'hris-cli', '--url', engine.url, ...options]);

  it('previews, records, and records nothing on a resend, with a readable summary', async () => {
    const people = file('people.csv', 'employee_id,manager_id,department\nE1,,Exec\nE2,E1,Sales\nE3,E2,Sales\n');
    const preview = await sync(people, '--effective-at', '2026-01-01T00:00:00Z', '--dry-run');
    expect(preview).toMatchObject({ code: 0, stdout: expect.stringContaining('3 join, 0 change manager, 0 leave, 0 have other changes') });
    expect(preview.stdout).toContain('dry run: nothing recorded');

    const applied = await sync(people, '--effective-at', '2026-01-01T00:00:00Z');
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('recorded 3, already there 0, rejected 0') });
    const chart = (await getJson(`${engine.url}/v1/orgs/hris-cli/org-chart?asOf=2026-01-01T00:00:00Z`)).body;
    expect(chart.people.map((person: { personId: string }) => person.personId)).toEqual(['E1', 'E2', 'E3']);

    const again = await sync(people, '--effective-at', '2026-01-01T00:00:00Z');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('recorded 0, already there 0, rejected 0') });
  });

  it('lists a refused file by row and column (exit 2), and asks for what is missing', async () => {
    const broken = file('broken.csv', 'employee_id,manager_id\nE1,\nE2,E9\n');
    const refused = await sync(broken, '--effective-at', '2026-02-01T00:00:00Z');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('row 3, column manager_id: manager_id E9 is not in the file');
    const noInstant = await sync(broken);
    expect(noInstant.code).toBe(2);
    expect(noInstant.stderr).toMatch(/--effective-at is required[\s\S]*usage: orghealth hris sync/);
  });
});
