import { parseIncomingEvent, type IncomingEvent } from '@orghealth/domain';
import { uuidV5 } from '../hris/snapshot-ids.js';
import type { OrgAtInstant } from '../calendar/detect-meeting.js';
import type { CsvRow } from '../csv-rows.js';
import type { SourceItem } from '../record-source-items.js';
import { KINDS, type ToolExportKind } from './tool-export-kinds.js';

/** The namespace of every tool-export event id (a random UUID, fixed once: changing it would re-record every export). */
const TOOL_EXPORT_NAMESPACE = '2b8e6c1f-94d3-4a7e-b5f0-7c3d9e1a6b42';

/** From the org, the kind, the tool's own id for the row, the event type and its instant: a resent export records nothing. */
const toolEventId = (orgId: string, kind: ToolExportKind, id: string, type: string, occurredAt: string) =>
  uuidV5(JSON.stringify([orgId, 'csv', kind, id, type, occurredAt]), TOOL_EXPORT_NAMESPACE);

/** A person as the export names them: an address is looked up among the people active at `at`, anything else is an employee id. */
function personOf(value: string, column: string, org: OrgAtInstant, at: number): string | { error: string } {
  if (!value.includes('@')) return value;
  const person = org.personByEmail(value.toLowerCase(), at);
  if (person === undefined) return { error: `${column}: no person has the email ${value} at ${new Date(at).toISOString()}` };
  if (person === 'inactive')
    return { error: `${column}: the person with the email ${value} is not active at ${new Date(at).toISOString()}` };
  return person;
}

/** Each row of a tool export as the events it records, or its row number and why it records none. */
export async function* toolExportItems(
  rows: AsyncIterable<CsvRow>,
  kind: ToolExportKind,
  orgId: string,
  org: OrgAtInstant,
): AsyncGenerator<SourceItem> {
  for await (const { row, cell } of rows) {
    const where = { row };
    const read = KINDS[kind].events(cell, orgId);
    if ('error' in read) {
      yield { rejected: read.error, where };
      continue;
    }
    const events: IncomingEvent[] = [];
    let error: string | undefined;
    for (const draft of read.events) {
      const data = { ...(draft.data as Record<string, unknown>) };
      const at = Date.parse(draft.occurredAt);
      for (const [field, column] of Object.entries(read.people)) {
        if (!(field in data)) continue;
        const value = data[field];
        const resolved = Array.isArray(value)
          ? value.map((one: string) => personOf(one, column, org, at))
          : [personOf(value as string, column, org, at)];
        const failed = resolved.find((one): one is { error: string } => typeof one !== 'string');
        if (failed) error ??= failed.error;
        else data[field] = Array.isArray(value) ? resolved : resolved[0];
      }
      const parsed = parseIncomingEvent({ ...draft, eventId: toolEventId(orgId, kind, cell('id'), draft.type, draft.occurredAt), data });
      if (!parsed.ok) error ??= parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      else events.push(parsed.value);
    }
    yield error === undefined ? { events, where } : { rejected: error, where };
  }
}
