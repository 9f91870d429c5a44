/**
 * Reads RFC 4180 CSV with a header line, as ClickHouse's CSVWithNames writes it, into objects: a quoted
 * field is a string; unquoted, `\N` is null, true and false are booleans, anything else a number.
 */
export function parseCsv(text: string): Record<string, unknown>[] {
  const records: { value: string; quoted: boolean }[][] = [];
  let record: { value: string; quoted: boolean }[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') inQuotes = false;
      else field += char;
    } else if (char === '"') (inQuotes = true), (quoted = true);
    else if (char === ',' || char === '\n') {
      record.push({ value: field, quoted });
      (field = ''), (quoted = false);
      if (char === '\n') records.push(record), (record = []);
    } else field += char;
  }
  if (field !== '' || quoted || record.length > 0) records.push([...record, { value: field, quoted }]);
  const [header, ...rows] = records;
  if (!header) throw new Error('a CSV export has at least its header line');
  return rows.map((row) => Object.fromEntries(header.map((name, column) => [name.value, typed(row[column]!)])));
}

function typed({ value, quoted }: { value: string; quoted: boolean }): unknown {
  if (quoted) return value;
  if (value === '\\N') return null;
  if (value === 'true' || value === 'false') return value === 'true';
  const number = Number(value);
  if (value === '' || Number.isNaN(number)) throw new Error(`an unquoted CSV field that is no number: ${value}`);
  return number;
}
