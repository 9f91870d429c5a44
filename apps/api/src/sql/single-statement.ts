/**
 * The one statement of an analyst's SQL, or why it is not exactly one.
 *
 * chDB runs every statement of a text separated by `;`, so a guard that
 * reads only the first one lets the rest through. This lexer reads the whole
 * text as ClickHouse does: quoted strings and identifiers ('…', "…", `…`,
 * with backslash escapes and doubled quotes), `--` comments to the end of the
 * line and nested block comments. Any `;` outside them ends the statement;
 * only whitespace, comments and more `;` may follow. Where ClickHouse's
 * lexer has more forms than this one models (`#` comments, `$$` heredoc
 * strings, typographic quotes), the text is refused rather than guessed at: a wrong guess about
 * where a literal ends is how a second statement would hide. ClickHouse's
 * own parser then judges the same text again (sql.controller.ts).
 */
export type SingleStatement = { statement: string } | { refusal: string };

const QUOTES = new Set(["'", '"', '`']);
const UNMODELLED = new Set(['#', '$', '\u2018', '\u2019', '\u201c', '\u201d']);
const startsComment = (sql: string, at: number) => sql.startsWith('--', at) || sql.startsWith('/*', at);

export function singleStatement(sql: string): SingleStatement {
  let end: number | undefined;
  let empty = true;
  for (let at = 0; at < sql.length; ) {
    const char = sql[at]!;
    if (end !== undefined && !/\s/.test(char) && char !== ';' && !startsComment(sql, at)) {
      return { refusal: 'one statement per request: a ; outside quotes and comments may only end the text' };
    }
    const skipped = skipLiteralOrComment(sql, at);
    if (typeof skipped === 'string') return { refusal: skipped };
    if (skipped > at) {
      empty &&= !QUOTES.has(char);
      at = skipped;
      continue;
    }
    if (char === ';') {
      end ??= at;
    } else if (UNMODELLED.has(char)) {
      return { refusal: `${char} is only accepted inside quotes: write comments as -- or /* */ and strings in straight single quotes` };
    }
    empty &&= char === ';' || /\s/.test(char);
    at++;
  }
  return empty ? { refusal: 'the text holds no statement' } : { statement: sql.slice(0, end ?? sql.length) };
}

/** The index after the literal or comment starting at `at`, `at` when none starts there, or why the text is refused. */
function skipLiteralOrComment(sql: string, at: number): number | string {
  const char = sql[at]!;
  if (QUOTES.has(char)) return skipQuoted(sql, at, char);
  if (sql.startsWith('--', at)) {
    const newline = sql.indexOf('\n', at);
    return newline === -1 ? sql.length : newline + 1;
  }
  if (sql.startsWith('/*', at)) return skipBlockComment(sql, at);
  return at;
}

function skipQuoted(sql: string, at: number, quote: string): number | string {
  for (let next = at + 1; next < sql.length; next++) {
    if (sql[next] === '\\') next++;
    else if (sql[next] === quote) {
      if (sql[next + 1] !== quote) return next + 1;
      next++;
    }
  }
  return `a ${quote} opened at position ${at} is never closed`;
}

function skipBlockComment(sql: string, at: number): number | string {
  let depth = 0;
  for (let next = at; next < sql.length; next++) {
    if (sql.startsWith('/*', next)) {
      depth++;
      next++;
    } else if (sql.startsWith('*/', next)) {
      depth--;
      next++;
      if (depth === 0) return next + 1;
    }
  }
  return `a /* comment opened at position ${at} is never closed`;
}
