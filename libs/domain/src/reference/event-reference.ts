import { z } from 'zod';
import { EVENT_SCHEMAS, isOrgFactType, type EventType } from '../events.js';
import { personalDataRegistry } from '../envelope/personal-data.js';
import { COMMON_RULES, EVENT_CATALOGUE, type EventRule } from './event-catalogue.js';

/** The slice of JSON Schema zod writes for the events' fields. */
interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
}

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
const code = (text: unknown) => `\`${String(text)}\``;

function range(min: number | undefined, max: number | undefined, unit = ''): string {
  const low = min === undefined || min === -SAFE_INTEGER ? undefined : min;
  const high = max === undefined || max === SAFE_INTEGER ? undefined : max;
  if (low === undefined && high === undefined) return '';
  if (high === undefined) return ` ≥ ${low}${unit}`;
  return ` ${low ?? 0}..${high}${unit}`;
}

/** A field's type and constraints in words, from the JSON Schema zod derives from the field's schema. */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(', or ');
  if (schema.enum) return `one of ${schema.enum.map(code).join(', ')}`;
  if (schema.const !== undefined) return code(schema.const);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return 'UUID';
      if (schema.format === 'date-time') return 'ISO-8601 timestamp with offset';
      if (schema.format === 'date') return 'date (YYYY-MM-DD)';
      if (schema.pattern) return `string matching ${code(schema.pattern)}`;
      return `string${range(schema.minLength, schema.maxLength, ' chars')}`;
    case 'integer':
      return `integer${range(schema.minimum, schema.maximum)}`;
    case 'number':
      return `number${range(schema.minimum, schema.maximum)}`;
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `array${schema.minItems ? ` (≥ ${schema.minItems})` : ''} of ${typeOf(schema.items ?? {})}`;
    case 'object':
      return `object (${Object.keys(schema.properties ?? {})
        .map(code)
        .join(', ')})`;
    default:
      return 'any';
  }
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function fieldTable(object: z.ZodObject, notes: (field: string) => string[] = () => [], extraRows: string[] = []): string[] {
  const jsonSchema = z.toJSONSchema(object, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(jsonSchema.required ?? []);
  const rows = Object.entries(jsonSchema.properties ?? {}).map(([field, schema]) => {
    const remarks = [schema.description, ...notes(field)].filter(Boolean).join('; ');
    return `| ${code(field)} | ${escapeCell(typeOf(schema))} | ${required.has(field) ? 'yes' : 'no'} | ${escapeCell(remarks)} |`;
  });
  return ['| field | type | required | notes |', '| --- | --- | --- | --- |', ...rows, ...extraRows];
}

const ruleLines = (rules: readonly EventRule[]) => rules.map((rule) => `- ${code(rule.code)}: refused when ${rule.refusedWhen}.`);

/** Which data fields hold personal data (encrypted at rest, erased with the person): declared once, with `personal()`. */
function personalNotes(data: z.ZodObject): (field: string) => string[] {
  return (field) => {
    let schema = data.shape[field] as z.ZodType | undefined;
    while (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) schema = schema.unwrap() as z.ZodType;
    const owner = schema ? personalDataRegistry.get(schema)?.owner : undefined;
    return owner ? [`personal data of ${code(owner)}: encrypted at rest, unreadable once they are erased`] : [];
  };
}

function eventSection(type: EventType): string[] {
  const schema = EVENT_SCHEMAS[type] as unknown as z.ZodObject<{ data: z.ZodObject }>;
  const data = schema.shape.data;
  const entry = EVENT_CATALOGUE[type];
  return [
    `### ${type}`,
    '',
    entry.meaning,
    '',
    ...fieldTable(data, personalNotes(data)),
    '',
    ...(entry.rules.length > 0 || isOrgFactType(type) ? ['Rules:', '', ...ruleLines(entry.rules)] : []),
    ...(isOrgFactType(type)
      ? [
          `- ${code('PERSON.NOT_ACTIVE')}: every person named must be active at \`occurredAt\`${entry.exempt ? ` (except: ${entry.exempt})` : ''}.`,
        ]
      : []),
    '',
  ];
}

/**
 * docs/reference/events.md: every event type with its fields, written from
 * the zod schemas that validate them, and the rules its decider checks.
 */
export function renderEventReference(): string {
  const types = Object.keys(EVENT_SCHEMAS) as EventType[];
  const envelope = (EVENT_SCHEMAS.PersonJoined as unknown as z.ZodObject).omit({ type: true, data: true, recordedAt: true });
  return [
    '# Event reference',
    '',
    '<!-- Generated from the zod schemas by `npm run docs:reference`; a test fails when this file is stale. Do not edit. -->',
    '',
    "Every fact the engine holds is an event. Senders record the org's facts (one at a time, `POST /v1/orgs/{orgId}/events`,",
    'or as NDJSON lines, `POST /v1/orgs/{orgId}/events/import`); the alert lifecycle is recorded by the engine itself.',
    'An event that breaks a rule is refused with `422`, its `rule` being the code below and `field` the field at fault;',
    'nothing else in the same import is lost.',
    '',
    '## Envelope',
    '',
    'Every event, whatever its type. `recordedAt` is set by the engine and refused from a sender.',
    '',
    ...fieldTable(envelope, undefined, [
      '| `type` | one of the event types below | yes | selects the shape of `data` |',
      '| `data` | object | yes | per type, below |',
    ]),
    '',
    '## Rules of every fact',
    '',
    ...ruleLines(COMMON_RULES),
    '- The same `eventId` sent again with the same body is a duplicate (answered `200`, recorded once); with a different body it is refused with `409`.',
    '',
    '## Org facts',
    '',
    ...types.filter(isOrgFactType).flatMap(eventSection),
    '## Alert lifecycle (recorded by the engine)',
    '',
    "In the org's `alerts-{orgId}` stream; a sender that posts one is refused with `400`. Their rules guard the engine's own",
    "bookkeeping: a refusal is never a user's error, save an acknowledgement's (`409`).",
    '',
    ...types.filter((type) => !isOrgFactType(type)).flatMap(eventSection),
  ].join('\n');
}
