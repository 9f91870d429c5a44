import { call, createKey } from '../support/security.js';
import { authHeaders } from '../support/credentials.js';
import { getJson, startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'hris-e2e';
const DEPARTMENTS = ['Sales', 'Eng', 'Ops', 'HR', 'Finance'];

interface Row {
  id: string;
  manager: string;
  department: string;
  email?: string;
}

/** 300 people: E1 at the top, everyone else under E(⌊(i−2)/5⌋+1), departments by id. */
const generated = (): Row[] =>
  Array.from({ length: 300 }, (_, index) => {
    const i = index + 1;
    return {
      id: `E${i}`,
      manager: i === 1 ? '' : `E${Math.floor((i - 2) / 5) + 1}`,
      department: DEPARTMENTS[i % 5]!,
      email: `e${i}@acme.test`,
    };
  });

const csv = (rows: readonly Row[], header = 'employee_id,manager_id,email,Department') =>
  `${[header, ...rows.map((row) => [row.id, row.manager, row.email ?? '', row.department].join(','))].join('\n')}\n`;

describe('POST /v1/orgs/{orgId}/sources/hris/snapshots', () => {
  let api: TestApp;

  const send = async (body: string, query: string, key?: string) => {
    const response = await fetch(`${api.url}/v1/orgs/${ORG}/sources/hris/snapshots?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...authHeaders(key) },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const chartAt = async (asOf: string) => {
    const { body } = await getJson(`${api.url}/v1/orgs/${ORG}/org-chart?asOf=${asOf}&limit=20000`);
    return new Map(
      (body.people as { personId: string; managerId: string | null }[]).map((person) => [person.personId, person.managerId ?? '']),
    );
  };
  const expectChart = async (asOf: string, rows: readonly Row[]) => {
    expect(await chartAt(asOf)).toEqual(new Map(rows.map((row) => [row.id, row.manager])));
  };

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const first = generated();
  // February: E300..E291 leave (10), E301..E305 join under E2, E7 moves under E3 with its reports, E8 changes department.
  const second = [
    ...first
      .filter((row) => Number(row.id.slice(1)) <= 290)
      .map((row) => (row.id === 'E7' ? { ...row, manager: 'E3' } : row.id === 'E8' ? { ...row, department: 'Legal' } : row)),
    ...['E301', 'E302', 'E303', 'E304', 'E305'].map((id) => ({ id, manager: 'E2', department: 'Eng' })),
  ];

  it('records a first snapshot as joins, managers before their reports, and the chart at effectiveAt is the snapshot', async () => {
    const { status, body } = await send(csv(first), 'effectiveAt=2026-01-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: false,
      rows: 300,
      activeBefore: 0,
      recorded: 300,
      duplicates: 0,
      rejected: [],
      counts: { PersonJoined: 300, PersonLeft: 0 },
    });
    await expectChart('2026-01-01T00:00:00Z', first);
  });

  it('records nothing when the same snapshot is sent again', async () => {
    const { status, body } = await send(csv(first), 'effectiveAt=2026-01-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      recorded: 0,
      duplicates: 0,
      counts: { PersonJoined: 0, ReportingLineChanged: 0, PersonLeft: 0, PersonUpdated: 0 },
    });
  });

  it('previews a snapshot with dryRun and records nothing', async () => {
    const { status, body } = await send(csv(second), 'effectiveAt=2026-02-01T00:00:00Z&dryRun=true');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: true,
      counts: { PersonJoined: 5, ReportingLineChanged: 1, PersonLeft: 10, PersonUpdated: 1 },
      leavers: 10,
      managerChanges: 1,
    });
    expect(body.changes).toContainEqual({ type: 'PersonUpdated', data: { personId: 'E8', attributes: { department: 'Legal' } } });
    await expectChart('2026-02-01T00:00:00Z', first);
  });

  it('records the difference of a later snapshot: joins, leaves, a move with its subtree, an attribute change', async () => {
    const { status, body } = await send(csv(second), 'effectiveAt=2026-02-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toMatchObject({ recorded: 17, rejected: [] });
    await expectChart('2026-02-01T00:00:00Z', second);
    await expectChart('2026-01-15T00:00:00Z', first);
    const resend = await send(csv(second), 'effectiveAt=2026-02-01T00:00:00Z');
    expect(resend.body).toMatchObject({ recorded: 0 });
  });

  it('refuses a snapshot older than the org as recorded (409), recording nothing', async () => {
    const { status, body } = await send(csv(first), 'effectiveAt=2026-01-15T00:00:00Z');
    expect(status).toBe(409);
    expect(body).toMatchObject({
      error: 'conflict',
      field: 'effectiveAt',
      message: expect.stringContaining('snapshots go forward in time'),
    });
  });

  // 40 % of the rows cut off the end of the export, and the people whose manager went with them.
  const truncated = second
    .slice(0, Math.floor(second.length * 0.6))
    .filter((row, _index, kept) => row.manager === '' || kept.some((other) => other.id === row.manager));

  it('refuses a truncated export (40 % of the rows missing) with the counts, and applies it with force=true', async () => {
    const refused = await send(csv(truncated), 'effectiveAt=2026-03-01T00:00:00Z');
    expect(refused.status).toBe(409);
    const leaving = second.length - truncated.length;
    expect(refused.body).toMatchObject({
      leavers: leaving,
      activeBefore: second.length,
      message: expect.stringContaining(`${leaving} of ${second.length} active people would leave (more than 20 %)`),
    });
    await expectChart('2026-03-01T00:00:00Z', second);

    const forced = await send(csv(truncated), 'effectiveAt=2026-03-01T00:00:00Z&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ rejected: [], counts: { PersonLeft: leaving } });
    await expectChart('2026-03-01T00:00:00Z', truncated);
  });

  it.each([
    ['a missing required column', 'employee_id,email\nE1,a@acme.test\n', [{ row: 1, column: 'manager_id' }]],
    ['a duplicate employee_id', 'employee_id,manager_id\nE1,\nE2,E1\nE2,E1\n', [{ row: 4, column: 'employee_id' }]],
    ['a manager not in the file', 'employee_id,manager_id\nE1,\nE2,E9\n', [{ row: 3, column: 'manager_id' }]],
    ['a cycle', 'employee_id,manager_id\nE1,\nE2,E3\nE3,E2\n', [{ row: 3, column: 'manager_id' }]],
    [
      'an unparsable date',
      'employee_id,manager_id,hire_date\nE1,,2026-13-45\nE2,E1,soon\n',
      [
        { row: 2, column: 'hire_date' },
        { row: 3, column: 'hire_date' },
      ],
    ],
  ])('refuses a CSV with %s whole, listing every problem, recording nothing', async (_case, body, problems) => {
    const { status, body: answer } = await send(body, 'effectiveAt=2026-04-01T00:00:00Z');
    expect(status).toBe(422);
    expect(answer).toMatchObject({ error: 'invalid_snapshot' });
    expect(answer.problems.map(({ row, column }: { row: number; column: string }) => ({ row, column }))).toEqual(problems);
    await expectChart('2026-04-01T00:00:00Z', truncated);
  });

  it('refuses a file that is not UTF-8, and a body that is not CSV', async () => {
    const response = await fetch(`${api.url}/v1/orgs/${ORG}/sources/hris/snapshots?effectiveAt=2026-04-01T00:00:00Z`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...authHeaders() },
      body: Buffer.from('employee_id,manager_id,name\nE1,,J\xfcrgen\n', 'latin1'),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as any).problems).toEqual([
      { row: 0, column: '', message: 'the file is not valid UTF-8: export it as UTF-8' },
    ]);
    const json = await call(
      api.url,
      'POST',
      `/v1/orgs/${ORG}/sources/hris/snapshots?effectiveAt=2026-04-01T00:00:00Z`,
      (await import('../support/credentials.js')).TEST_ADMIN_KEY,
      { people: [] },
    );
    expect(json.status).toBe(415);
  });

  it('names a bad query parameter (400) and lets neither a manager nor an analyst send a snapshot (403)', async () => {
    const bad = await send(csv(first), 'effectiveAt=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path)).toEqual(['query.effectiveAt']);
    for (const role of ['manager', 'hr_analyst'] as const) {
      const key = await createKey(api.url, ORG, role, role === 'manager' ? 'E2' : undefined);
      expect((await send(csv(first), 'effectiveAt=2026-05-01T00:00:00Z', key)).status).toBe(403);
    }
  });
});
