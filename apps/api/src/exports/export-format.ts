import { z } from 'zod';

/**
 * The file formats a list or an SQL answer is also sent in, each written by
 * ClickHouse's own output format of that name, never by our code.
 */
export const EXPORT_FORMATS = {
  csv: { mediaType: 'text/csv', clickhouse: 'CSVWithNames' },
  parquet: { mediaType: 'application/vnd.apache.parquet', clickhouse: 'Parquet' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** `format=` in the query: json (the default), csv or parquet. */
export const FormatQuery = z.object({
  format: z
    .enum(['json', 'csv', 'parquet'])
    .optional()
    .meta({ description: 'json (the default), csv or parquet; overrides the Accept header' }),
});
export type FormatQuery = z.infer<typeof FormatQuery>;

/**
 * The export asked for, or undefined for JSON. `format=` wins over `Accept`, so a plain link
 * (the dashboard's "Download CSV") can ask without headers; an Accept naming neither file type is JSON.
 */
export function exportFormat(format: FormatQuery['format'], accept: string | undefined): ExportFormat | undefined {
  if (format !== undefined) return format === 'json' ? undefined : format;
  const types = (accept ?? '').split(',').map((type) => type.split(';')[0]!.trim().toLowerCase());
  return (Object.keys(EXPORT_FORMATS) as ExportFormat[]).find((name) => types.includes(EXPORT_FORMATS[name].mediaType));
}
