import { analystTables, orgFilters, refusal, type AnalyticsCatalog } from './sql-guard.js';

// ClickHouse's EXPLAIN AST lines, as it prints them (one node a line, indented by depth).
const selectFrom = (source: string) => [
  'SelectWithUnionQuery (children 1)',
  ' ExpressionList (children 1)',
  '  SelectQuery (children 2)',
  '   ExpressionList (children 1)',
  '    Asterisk',
  '   TablesInSelectQuery (children 1)',
  '    TablesInSelectQueryElement (children 1)',
  '     TableExpression (children 1)',
  `      ${source}`,
];

const catalog: AnalyticsCatalog = {
  orgTables: new Set(['check_ins', 'reporting_lines']),
  views: new Set(['people_as_of']),
  all: new Set(['check_ins', 'reporting_lines', 'people_as_of', 'projector_checkpoints', 'secret_table']),
};

describe('refusal: what an analyst statement may read', () => {
  it.each([
    ['an org table', 'TableIdentifier check_ins'],
    ['an org table with an alias', 'TableIdentifier check_ins (alias c)'],
    ['an analyst view', 'Function people_as_of (alias p) (children 1)'],
    ['a WITH alias', 'TableIdentifier everyone'],
    ['the numbers generator', 'TableIdentifier system.numbers'],
    ['the numbers table function', 'Function numbers (children 1)'],
    ['the bookkeeping', 'TableIdentifier projector_checkpoints'],
    ['a subquery', 'Subquery (alias x) (children 1)'],
  ])('allows %s', (_case, source) => {
    expect(refusal(selectFrom(source), catalog)).toBeUndefined();
  });

  it.each([
    ['a table function reading files', 'Function file (children 1)', /table function file/],
    ['a table function reading other tables', 'Function merge (children 1)', /table function merge/],
    ['another database', 'TableIdentifier system.parts', /system\.parts: only the analytics database/],
    ['a table of the database not open to analysts', 'TableIdentifier secret_table', /secret_table is not open/],
  ])('refuses %s', (_case, source, reason) => {
    expect(refusal(selectFrom(source), catalog)).toMatch(reason);
  });

  it('reads the right-hand side of IN as a table source', () => {
    const selectIn = (rightHand: string) => [
      'SelectWithUnionQuery (children 1)',
      ' ExpressionList (children 1)',
      '  SelectQuery (children 1)',
      '   ExpressionList (children 1)',
      '    Function in (children 1)',
      '     ExpressionList (children 2)',
      '      Literal UInt64_0',
      `      ${rightHand}`,
    ];
    expect(refusal(selectIn('Identifier system.tables'), catalog)).toMatch(/system\.tables: only the analytics database/);
    expect(refusal(selectIn('Identifier check_ins'), catalog)).toBeUndefined();
    expect(refusal(selectIn('Subquery (children 1)'), catalog)).toBeUndefined();
  });

  it('refuses a SETTINGS clause, INTO OUTFILE, forbidden functions and other statements', () => {
    expect(refusal([...selectFrom('TableIdentifier check_ins'), '   Set'], catalog)).toMatch(/SETTINGS/);
    expect(refusal([...selectFrom('TableIdentifier check_ins'), " Literal '/tmp/x'"], catalog)).toMatch(/INTO OUTFILE/);
    expect(refusal([...selectFrom('TableIdentifier check_ins'), '    Function dictGet (children 1)'], catalog)).toMatch(/dictGet/);
    expect(refusal(['ShowProcesslistQuery'], catalog)).toMatch(/^readonly: /);
    expect(refusal([], catalog)).toMatch(/^readonly: /);
  });
});

describe('orgFilters', () => {
  it('filters every org table to the org, quoted for the setting', () => {
    expect(orgFilters('acme', ['check_ins', 'reporting_lines'])).toBe(
      "{'check_ins': 'org_id = ''acme''', 'reporting_lines': 'org_id = ''acme'''}",
    );
  });

  it('refuses an org id that could break out of the quotes', () => {
    expect(() => orgFilters("x' OR 1 OR '", ['check_ins'])).toThrow(/cannot be used/);
  });
});

describe('analystTables: what an analyst user is granted on a server', () => {
  it('grants what the guard lets a statement read, and puts a row policy on the tables with org rows', () => {
    expect(analystTables(catalog)).toEqual({
      withOrg: ['check_ins', 'reporting_lines'],
      readable: ['check_ins', 'people_as_of', 'projector_checkpoints', 'reporting_lines'],
    });
    expect(refusal(selectFrom('TableIdentifier secret_table'), catalog)).toMatch(/not open to analysts/);
  });
});
