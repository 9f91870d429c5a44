import { singleStatement } from './single-statement.js';

describe('singleStatement: exactly one statement per text', () => {
  it.each([
    ['a plain statement', 'SELECT 1', 'SELECT 1'],
    ['a trailing ;', 'SELECT 1;', 'SELECT 1'],
    ['trailing ;, whitespace and comments', 'SELECT 1 ;; -- done\n /* really */ ', 'SELECT 1 '],
    ['a ; inside a string', "SELECT 'a;b'", "SELECT 'a;b'"],
    ['a ; after an escaped quote, still inside the string', "SELECT 'it\\'s; fine'", "SELECT 'it\\'s; fine'"],
    ['a ; after a doubled quote, still inside the string', "SELECT 'it''s; fine'", "SELECT 'it''s; fine'"],
    ['a ; inside quoted identifiers', 'SELECT 1 AS "a;b", 2 AS `c;d`', 'SELECT 1 AS "a;b", 2 AS `c;d`'],
    ['a ; inside a line comment', 'SELECT 1 -- a; b\n', 'SELECT 1 -- a; b\n'],
    ['a ; inside nested block comments', 'SELECT 1 /* a /* b */ ; */', 'SELECT 1 /* a /* b */ ; */'],
    ['a line comment that a carriage return does not end', 'SELECT 1 -- x\r; y', 'SELECT 1 -- x\r; y'],
  ])('accepts %s', (_case, sql, statement) => {
    expect(singleStatement(sql)).toEqual({ statement });
  });

  it.each([
    ['two statements', 'SELECT 1; SELECT 2', /one statement per request/],
    ['a SET after an empty SELECT', "SELECT 1 WHERE 0; SET additional_table_filters = '{}'", /one statement per request/],
    ['a statement after a trailing-looking ; and a comment', 'SELECT 1; -- x\nSELECT 2', /one statement per request/],
    ['a string as a second statement', "SELECT 1; 'x'", /one statement per request/],
    ['a ; that ends a block comment early for a lexer without nesting', 'SELECT 1 /* a /* b */ */; SELECT 2', /one statement per request/],
    [
      'a # comment, which ClickHouse reads differently from this lexer',
      "SELECT 1 # it's\n; SELECT 2 --'",
      /# is only accepted inside quotes/,
    ],
    ['a heredoc string', 'SELECT $$a;b$$', /\$ is only accepted inside quotes/],
    ['typographic quotes', "SELECT \u2018x'\u2019; SELECT 2 --'", /\u2018 is only accepted inside quotes/],
    ['an unclosed string', "SELECT 'a; SELECT 2", /' opened at position 7 is never closed/],
    ['an unclosed block comment', 'SELECT 1 /* ; SELECT 2', /comment opened at position 9 is never closed/],
    ['nothing but comments', '-- nothing\n;', /no statement/],
  ])('refuses %s', (_case, sql, reason) => {
    const result = singleStatement(sql);
    expect(result).toHaveProperty('refusal');
    expect((result as { refusal: string }).refusal).toMatch(reason);
  });
});
