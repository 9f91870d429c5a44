import { Readable } from 'node:stream';
import { attributeKeyOf, readSnapshotCsv } from './snapshot-csv.js';

const read = (text: string | Buffer, chunk = 7) => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  // Small chunks, so rows and multi-byte characters are split across them as a real upload splits them.
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
  return readSnapshotCsv(Readable.from(chunks));
};

const problemsOf = async (text: string | Buffer) => {
  const result = await read(text);
  if (result.ok) throw new Error('expected the snapshot to be refused');
  return result.problems;
};

describe('reading a snapshot CSV', () => {
  it('reads the canonical columns in any order and case, a BOM, semicolons, and other columns as camel-cased attributes', async () => {
    const result = await read(
      '\uFEFFManager_ID;EMPLOYEE_ID;Name;email;Department;Cost Center;status\n;E1;Ada Ünal;ada@acme.test;Exec;CC1;\nE1;E2;Bob;;Sales;;active\nE1;E3;;;Sales;CC2;terminated\n',
    );
    expect(result).toEqual({
      ok: true,
      columns: ['manager_id', 'employee_id', 'name', 'email', 'department', 'cost center', 'status'],
      people: [
        {
          row: 2,
          personId: 'E1',
          managerId: null,
          active: true,
          name: 'Ada Ünal',
          email: 'ada@acme.test',
          attributes: { department: 'Exec', costCenter: 'CC1' },
        },
        { row: 3, personId: 'E2', managerId: 'E1', active: true, name: 'Bob', attributes: { department: 'Sales' } },
        { row: 4, personId: 'E3', managerId: 'E1', active: false, attributes: { department: 'Sales', costCenter: 'CC2' } },
      ],
    });
  });

  it('camel-cases headers into attribute keys', () => {
    expect(['cost center', 'Cost-Center', 'employment_type', 'level'].map(attributeKeyOf)).toEqual([
      'costCenter',
      'costCenter',
      'employmentType',
      'level',
    ]);
  });

  it('refuses a missing required column', async () => {
    expect(await problemsOf('employee_id,name\nE1,Ada\n')).toEqual([
      { row: 1, column: 'manager_id', message: 'the required column manager_id is missing' },
    ]);
  });

  it('lists every problem of a file by row and column: duplicate id, unknown manager, cycle, bad date, bad email', async () => {
    const problems = await problemsOf(
      [
        'employee_id,manager_id,hire_date,email',
        'E1,,2026-01-05,',
        'E2,E1,yesterday,',
        'E2,E1,,',
        'E3,E9,,',
        'E4,E5,,',
        'E5,E4,,',
        'E6,E1,,not-an-email',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { row: 3, column: 'hire_date', message: 'hire_date must be a date (YYYY-MM-DD) or an ISO instant, not "yesterday"' },
      { row: 4, column: 'employee_id', message: 'employee_id E2 is already on row 3' },
      { row: 8, column: 'email', message: 'email is not an email address' },
      { row: 5, column: 'manager_id', message: 'manager_id E9 is not in the file' },
      { row: 6, column: 'manager_id', message: 'reporting cycle: E4 → E5 → E4' },
    ]);
  });

  it('refuses a manager who is terminated in the file', async () => {
    expect(await problemsOf('employee_id,manager_id,status\nE1,,terminated\nE2,E1,\n')).toEqual([
      { row: 3, column: 'manager_id', message: 'manager_id E1 is not active in the file (row 2)' },
    ]);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = Buffer.from('employee_id,manager_id,name\nE1,,J\xfcrgen\n', 'latin1');
    expect(await problemsOf(latin1)).toEqual([{ row: 0, column: '', message: 'the file is not valid UTF-8: export it as UTF-8' }]);
  });

  it('refuses an empty file and a broken quote', async () => {
    expect(await problemsOf('')).toEqual([{ row: 1, column: '', message: 'the file is empty: a header row is required' }]);
    const [broken] = await problemsOf('employee_id,manager_id\n"E1,\n');
    expect(broken).toMatchObject({ row: 2, column: '', message: expect.stringContaining('not readable as CSV') });
  });
});
