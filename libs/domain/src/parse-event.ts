import type { z } from 'zod';
import { isOrgFactType, ORG_FACT_SCHEMAS, ORG_FACT_TYPES, type AlertEvent, type IncomingEvent, type OrgEvent } from './events.js';
import { UnknownSchemaVersionError, upcast } from './upcasting.js';

export interface FieldIssue {
  /** Dotted path of the field in the envelope, e.g. `data.reportId`; empty for the whole document. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // zod reports unknown fields on their parent object; the sender needs the field itself.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `unknown field ${key}` }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/**
 * Validates an envelope from a sender: its type's schema decides, after data
 * of an older schemaVersion has been upcast to the current one.
 */
export function parseIncomingEvent(raw: unknown): ParseResult<IncomingEvent> {
  if (!isObject(raw)) return { ok: false, issues: [{ path: '', message: 'an event must be a JSON object' }] };
  const { type } = raw;
  // The alert lifecycle is the engine's to record: a sender cannot open or resolve an alert.
  if (!isOrgFactType(type)) {
    return { ok: false, issues: [{ path: 'type', message: `type must be one of ${ORG_FACT_TYPES.join(', ')}` }] };
  }
  let candidate = raw;
  // Below 1 is left to the schema to report: there is no upcaster chain for it.
  if (Number.isInteger(raw.schemaVersion) && (raw.schemaVersion as number) >= 1 && isObject(raw.data)) {
    try {
      candidate = { ...raw, ...upcast(type, raw.schemaVersion as number, raw.data) };
    } catch (error) {
      if (error instanceof UnknownSchemaVersionError) return { ok: false, issues: [{ path: 'schemaVersion', message: error.message }] };
      throw error;
    }
  }
  const parsed = ORG_FACT_SCHEMAS[type].safeParse(candidate);
  return parsed.success ? { ok: true, value: parsed.data as IncomingEvent } : { ok: false, issues: toFieldIssues(parsed.error) };
}

/**
 * Brings a stored event to the current schema. Stored events were validated
 * on the way in; this upcasts without re-validating, since folding a large
 * org reads millions of them.
 */
export function upcastStored<E extends OrgEvent | AlertEvent>(event: E): E {
  const current = upcast(event.type, event.schemaVersion, event.data as Record<string, unknown>);
  return current.schemaVersion === event.schemaVersion ? event : ({ ...event, ...current } as E);
}
