import { StreamableFile } from '@nestjs/common';
import type { AnalyticsClient } from '@orghealth/analytics';
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js';

/**
 * The rows go back through ClickHouse as JSONEachRow input, typed by the
 * row's own zod schema, and come out in the asked format. LIMIT carries the
 * row count, so an empty list (sent as one `{}` line, which format() needs
 * to read anything) still answers its header with no rows.
 */
const ROWS_AS_SQL = 'SELECT * FROM format(JSONEachRow, {structure:String}, {rows:String}) LIMIT {count:UInt32}';

const SCALAR_TYPES: Record<string, string> = { integer: 'Int64', number: 'Float64', boolean: 'Bool', string: 'String' };

interface JsonSchemaProperty {
  type?: string | string[];
  anyOf?: JsonSchemaProperty[];
}

/** The ClickHouse structure (`name Type, …`) of a flat zod object, in its key order. */
export function clickhouseStructure(schema: z.ZodObject): string {
  const { properties } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as {
    properties: Record<string, JsonSchemaProperty>;
  };
  return Object.entries(properties)
    .map(([name, property]) => {
      // zod writes a nullable scalar as `type: [t, "null"]`, or as anyOf when the scalar has its own keywords.
      const types = (property.anyOf ?? [property]).flatMap((variant) => variant.type ?? []);
      const scalar = types.find((type) => type !== 'null');
      const type = scalar === undefined ? undefined : SCALAR_TYPES[scalar];
      if (!type) throw new Error(`${name}: an export column must be a string, number or boolean`);
      return `\`${name}\` ${types.includes('null') ? `Nullable(${type})` : type}`;
    })
    .join(', ');
}

/**
 * Exactly the rows the JSON answer carries (after suppression, the
 * differencing guard and paging, which run in TypeScript), written by
 * ClickHouse in `format` and streamed from its answer.
 */
export async function exportRows(
  client: AnalyticsClient,
  rows: readonly object[],
  schema: z.ZodObject,
  format: ExportFormat,
  name: string,
): Promise<StreamableFile> {
  const lines = rows.length === 0 ? '{}' : rows.map((row) => JSON.stringify(row)).join('\n');
  const query_params = { structure: clickhouseStructure(schema), rows: lines, count: rows.length };
  const { stream } = await client.exec({ query: `${ROWS_AS_SQL}\nFORMAT ${EXPORT_FORMATS[format].clickhouse}`, query_params });
  return new StreamableFile(stream, { type: EXPORT_FORMATS[format].mediaType, disposition: attachment(name, format) });
}

/** `attachment; filename="…"`: names are our own words and an org id, whose characters need no quoting. */
export const attachment = (name: string, format: ExportFormat) => `attachment; filename="${name}.${format}"`;
