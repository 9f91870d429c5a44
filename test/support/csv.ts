import { parse } from 'csv-parse/sync';

/**
 * Reads CSV with a header line, as ClickHouse's CSVWithNames writes it, into objects: a quoted field is a
 * string; unquoted, `\N` is null, true and false are booleans, anything else a number.
 */
export function parseCsv(text: string): Record<string, unknown>[] {
  return parse(text, { columns: true, cast: (value, context) => (context.header ? value : typed(value, context.quoting)) });
}

function typed(value: string, quoted: boolean): unknown {
  if (quoted) return value;
  if (value === '\\N') return null;
  if (value === 'true' || value === 'false') return value === 'true';
  const number = Number(value);
  if (value === '' || Number.isNaN(number)) throw new Error(`an unquoted CSV field that is no number: ${value}`);
  return number;
}
