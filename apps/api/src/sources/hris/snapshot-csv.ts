import { AttributeKey, AttributeValue, Email, MAX_ATTRIBUTES } from '@orghealth/domain';
import { parse } from 'csv-parse';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One person of a snapshot, as the HR system saw them at effectiveAt. */
export interface SnapshotPerson {
  /** The CSV row (1 is the header). */
  row: number;
  personId: string;
  managerId: string | null;
  active: boolean;
  name?: string;
  title?: string;
  email?: string;
  attributes: Record<string, string>;
}

/** Why a snapshot is refused: every problem found, by row and column. */
export interface SnapshotProblem {
  row: number;
  column: string;
  message: string;
}

export type SnapshotRead = { ok: true; people: SnapshotPerson[]; columns: string[] } | { ok: false; problems: SnapshotProblem[] };

const REQUIRED = ['employee_id', 'manager_id'] as const;
const KNOWN = new Set(['employee_id', 'manager_id', 'email', 'name', 'title', 'status', 'hire_date', 'termination_date']);
const ACTIVE = new Set(['', 'active']);
const INACTIVE = new Set(['terminated', 'inactive']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Enough problems to fix a file in one go, without answering a broken 100,000-row export with 100,000 lines. */
export const MAX_PROBLEMS = 1000;

/** `cost center`, `Cost-Center`, `cost_center` → `costCenter`: other columns become attributes under this key. */
export const attributeKeyOf = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase());

const isDate = (text: string) =>
  DATE.test(text) ? !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) : !Number.isNaN(Date.parse(text)) && /T/.test(text);

/**
 * Reads a snapshot CSV as it streams (UTF-8 with or without BOM, comma or
 * semicolon, a header row matched case-insensitively) and checks it whole:
 * required columns, one row per employee_id, every manager an active person
 * of the file, no reporting cycle, parsable dates and emails, valid UTF-8.
 * A snapshot is all or nothing, so any problem refuses it, with every
 * problem listed (up to MAX_PROBLEMS).
 */
export async function readSnapshotCsv(body: Readable): Promise<SnapshotRead> {
  const problems: SnapshotProblem[] = [];
  const problem = (row: number, column: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ row, column, message });
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let badEncoding = false;
  // Checks the bytes as they pass: a file in another encoding is refused whole, not read as mojibake.
  const utf8 = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        if (!badEncoding) decoder.decode(chunk, { stream: true });
      } catch {
        badEncoding = true;
      }
      done(null, chunk);
    },
  });
  const parser = parse({ bom: true, delimiter: [',', ';'], relax_column_count: true, skip_empty_lines: true, trim: true });
  let row = 0;
  const people: SnapshotPerson[] = [];
  let header: string[] = [];
  const rowOf = new Map<string, number>();
  try {
    await pipeline(body, utf8, parser, async (records: AsyncIterable<string[]>) => {
      for await (const record of records) {
        row++;
        if (row === 1) {
          header = record.map((name) => name.trim().toLowerCase());
          for (const column of REQUIRED) if (!header.includes(column)) problem(1, column, `the required column ${column} is missing`);
          continue;
        }
        if (REQUIRED.some((column) => !header.includes(column))) continue;
        const cell = (column: string) => record[header.indexOf(column)] ?? '';
        const first = rowOf.get(cell('employee_id'));
        if (first !== undefined) problem(row, 'employee_id', `employee_id ${cell('employee_id')} is already on row ${first}`);
        else rowOf.set(cell('employee_id'), row);
        const person = toPerson(row, header, cell, problem);
        if (person) people.push(person);
      }
    });
  } catch (error) {
    if (badEncoding) return { ok: false, problems: [{ row: 0, column: '', message: 'the file is not valid UTF-8: export it as UTF-8' }] };
    // csv-parse names the line it stopped at; a row is a line unless a quoted value spans several.
    const line = (error as { lines?: number }).lines ?? row + 1;
    return { ok: false, problems: [{ row: line, column: '', message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  if (badEncoding) return { ok: false, problems: [{ row: 0, column: '', message: 'the file is not valid UTF-8: export it as UTF-8' }] };
  if (row === 0) return { ok: false, problems: [{ row: 1, column: '', message: 'the file is empty: a header row is required' }] };
  checkWhole(people, problem);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, people, columns: header };
}

function toPerson(
  row: number,
  header: readonly string[],
  cell: (column: string) => string,
  problem: (row: number, column: string, message: string) => void,
): SnapshotPerson | undefined {
  const personId = cell('employee_id');
  const before = row;
  let fine = true;
  const fail = (column: string, message: string) => {
    fine = false;
    problem(before, column, message);
  };
  if (personId.length < 1 || personId.length > 64) fail('employee_id', 'employee_id must be 1..64 characters');
  const manager = cell('manager_id');
  if (manager.length > 64) fail('manager_id', 'manager_id must be at most 64 characters');
  const status = cell('status').toLowerCase();
  if (!ACTIVE.has(status) && !INACTIVE.has(status))
    fail('status', `status must be active, terminated or inactive, not ${JSON.stringify(cell('status'))}`);
  for (const column of ['hire_date', 'termination_date']) {
    const value = cell(column);
    if (value !== '' && !isDate(value))
      fail(column, `${column} must be a date (YYYY-MM-DD) or an ISO instant, not ${JSON.stringify(value)}`);
  }
  const email = cell('email');
  if (email !== '' && !Email.safeParse(email).success) fail('email', 'email is not an email address');
  for (const column of ['name', 'title']) if (cell(column).length > 200) fail(column, `${column} must be at most 200 characters`);
  const attributes: Record<string, string> = {};
  for (const column of header) {
    if (KNOWN.has(column) || column === '') continue;
    const value = cell(column);
    if (value === '') continue;
    const key = attributeKeyOf(column);
    if (!AttributeKey.safeParse(key).success)
      fail(column, `the column ${column} cannot be an attribute: its key ${key} must be a letter then up to 31 letters, digits or _`);
    else if (!AttributeValue.safeParse(value).success) fail(column, `${column} must be 1..128 characters`);
    else attributes[key] = value;
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) fail('', `at most ${MAX_ATTRIBUTES} attribute columns may hold a value`);
  if (!fine) return undefined;
  const optional = (column: string) => (cell(column) === '' ? {} : { [column]: cell(column) });
  return {
    row,
    personId,
    managerId: manager === '' ? null : manager,
    active: ACTIVE.has(status),
    ...optional('name'),
    ...optional('title'),
    ...optional('email'),
    attributes,
  };
}

/** The checks that need the whole file (ids were checked unique as rows came): managers present and active, no cycle, unique emails. */
function checkWhole(people: readonly SnapshotPerson[], problem: (row: number, column: string, message: string) => void): void {
  const byId = new Map<string, SnapshotPerson>();
  for (const person of people) if (!byId.has(person.personId)) byId.set(person.personId, person);
  const emails = new Map<string, SnapshotPerson>();
  for (const person of people) {
    if (!person.active || person.email === undefined) continue;
    const first = emails.get(person.email.toLowerCase());
    if (first) problem(person.row, 'email', `email is already the email of ${first.personId} on row ${first.row}`);
    else emails.set(person.email.toLowerCase(), person);
  }
  for (const person of people) {
    if (!person.active || person.managerId === null) continue;
    const manager = byId.get(person.managerId);
    if (!manager) problem(person.row, 'manager_id', `manager_id ${person.managerId} is not in the file`);
    else if (!manager.active)
      problem(person.row, 'manager_id', `manager_id ${person.managerId} is not active in the file (row ${manager.row})`);
    else if (person.managerId === person.personId) problem(person.row, 'manager_id', 'a person cannot be their own manager');
  }
  // A cycle: following managers from someone comes back to a person already on the way.
  const settled = new Set<string>();
  for (const start of people) {
    if (!start.active) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: SnapshotPerson | undefined = start;
    while (at?.active && !settled.has(at.personId) && !onPath.has(at.personId)) {
      path.push(at.personId);
      onPath.add(at.personId);
      at = at.managerId === null || at.managerId === at.personId ? undefined : byId.get(at.managerId);
    }
    if (at && onPath.has(at.personId)) {
      const loop = path.slice(path.indexOf(at.personId));
      problem(byId.get(loop[0]!)!.row, 'manager_id', `reporting cycle: ${[...loop, loop[0]].join(' → ')}`);
      for (const id of loop) settled.add(id);
    }
    for (const id of path) settled.add(id);
  }
}
