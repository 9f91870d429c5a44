import { parse } from 'csv-parse';
import { Readable, Transform } from 'node:stream';

/** One data row of a CSV export: its number (1 is the header) and its cells by lower-cased header. */
export interface CsvRow {
  row: number;
  cell: (column: string) => string;
}

export class CsvUnreadable extends Error {}

/**
 * The rows of a CSV body as it streams (UTF-8 with or without BOM, a header
 * row matched case-insensitively). The delimiter is the header's: a comma,
 * or a semicolon when the header has semicolons and no comma, so that a
 * comma file may hold `;`-separated lists in a cell. `onHeader` sees the
 * header first and may refuse the file by throwing. Bytes that are not UTF-8
 * refuse the file instead of being read as mojibake.
 */
export async function* csvRows(body: Readable, onHeader: (header: readonly string[]) => void): AsyncGenerator<CsvRow> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  const headerLine = first.done ? '' : first.value.toString('utf8').split(/\r?\n/)[0]!;
  const delimiter = headerLine.includes(';') && !headerLine.includes(',') ? ';' : ',';
  const whole = Readable.from(
    (async function* () {
      if (first.done) return;
      yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const utf8 = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
        done(null, chunk);
      } catch {
        done(new CsvUnreadable('the file is not valid UTF-8: export it as UTF-8'));
      }
    },
  });
  whole.on('error', (error) => utf8.destroy(error));
  const parser = whole.pipe(utf8).pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }));
  utf8.on('error', (error) => parser.destroy(error));
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (!header) {
        header = record.map((name) => name.trim().toLowerCase());
        onHeader(header);
        continue;
      }
      const cells = record;
      const columns = header;
      yield { row, cell: (column) => cells[columns.indexOf(column)] ?? '' };
    }
  } catch (error) {
    if (error instanceof CsvUnreadable || !(error as { code?: string }).code?.startsWith('CSV_')) throw error;
    throw new CsvUnreadable(`not readable as CSV at line ${(error as { lines?: number }).lines ?? row + 1}: ${(error as Error).message}`);
  }
  if (!header) throw new CsvUnreadable('the file is empty: a header row is required');
}
