import type { z } from 'zod';
import {
  isEventType,
  isOrgFactType,
  ORG_FACT_SCHEMAS,
  ORG_FACT_TYPES,
  type AlertEvent,
  type IncomingEvent,
  type OrgEvent,
} from './events.js';
import { STORED_EVENT_SCHEMAS } from './envelope/stored-schemas.js';
import { currentSchemaVersion, UnknownSchemaVersionError, upcast } from './upcasting.js';

export interface FieldIssue {
  /** Dotted path of the field in the envelope, e.g. `data.reportId`; empty for the whole document. */
  path: string;
  message: string;
}

/** Issues as one line of text: `data.reportId: …; occurredAt: …`. */
export const describeIssues = (issues: readonly FieldIssue[]): string =>
  issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`).join('; ');

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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

/** A stored event that is not a valid event of this engine: a newer schemaVersion, an unknown type, or a field a schema refuses. */
export class UnreadableStoredEventError extends Error {
  constructor(
    readonly eventId: string,
    readonly issues: FieldIssue[],
  ) {
    super(describeIssues(issues));
    this.name = 'UnreadableStoredEventError';
  }
}

/** `stored` is an event as any store gives it back: the recorded envelope, and whatever the store adds (stream, revision, position). */
function parseStored<E extends OrgEvent | AlertEvent>(stored: object, accepts: (type: unknown) => boolean, kinds: string): E {
  const { eventId, type, orgId, occurredAt, recordedAt, schemaVersion, data, metadata } = stored as Record<string, unknown>;
  const fail = (path: string, message: string) => new UnreadableStoredEventError(String(eventId), [{ path, message }]);
  if (!accepts(type) || !isEventType(type)) throw fail('type', `${JSON.stringify(type)} is not one of the ${kinds}`);
  if (typeof recordedAt !== 'string') throw fail('recordedAt', 'recordedAt must be a string');
  if (!Number.isInteger(schemaVersion)) throw fail('schemaVersion', 'schemaVersion must be an integer');
  if (!isObject(data)) throw fail('data', 'data must be an object');
  let current = { schemaVersion: schemaVersion as number, data };
  try {
    // Most events are at their type's current version: no copy for them on the hot path of a fold.
    if (current.schemaVersion !== currentSchemaVersion(type)) current = upcast(type, current.schemaVersion, data);
  } catch (error) {
    if (error instanceof UnknownSchemaVersionError) throw fail('schemaVersion', error.message);
    throw error;
  }
  const envelope = {
    eventId,
    type,
    orgId,
    occurredAt,
    schemaVersion: current.schemaVersion,
    data: current.data,
    ...(metadata ? { metadata } : {}),
  };
  const parsed = STORED_EVENT_SCHEMAS[type].safeParse(envelope);
  if (!parsed.success) throw new UnreadableStoredEventError(String(eventId), toFieldIssues(parsed.error));
  return Object.assign(parsed.data as object, { recordedAt }) as E;
}

/**
 * Reads a stored org fact back: upcast to its current schema and parsed into
 * the typed union, once, by whoever reads it (the write model's fold, the
 * duplicate check, the projector). Throws UnreadableStoredEventError naming
 * the field when the store holds something this engine cannot read.
 */
export function parseStoredOrgEvent(stored: object): OrgEvent {
  return parseStored<OrgEvent>(stored, isOrgFactType, 'org fact types');
}

/** Reads a stored alert lifecycle event back, upcast and parsed, as `parseStoredOrgEvent` does for facts. */
export function parseStoredAlertEvent(stored: object): AlertEvent {
  return parseStored<AlertEvent>(stored, (type) => isEventType(type) && !isOrgFactType(type), 'alert event types');
}
