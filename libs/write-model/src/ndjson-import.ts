import { channel } from 'node:diagnostics_channel';
import { z } from 'zod';
import { describeIssues, parseIncomingEvent, type IncomingEvent } from '@orghealth/domain';
import { InputIdle } from './idle-cutoff.js';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';
import type { RecordOutcome } from './org-writer.js';
import type { RecordOrgFacts } from './record-org-events.command.js';

export const ImportLineError = z.object({
  line: z.int().min(1),
  eventId: z.string().optional(),
  reason: z.string(),
});
export type ImportLineError = z.infer<typeof ImportLineError>;

const ImportCounts = z.object({
  accepted: z.int().min(0).meta({ description: 'Lines recorded as new events' }),
  duplicates: z.int().min(0).meta({ description: 'Lines whose eventId was already recorded with the same body' }),
  rejected: z
    .int()
    .min(0)
    .meta({ description: 'Lines refused: malformed, invalid, a broken rule, or an eventId reused with another body' }),
});

export const ImportReport = ImportCounts.extend({
  lines: z.int().min(0).meta({ description: 'Lines read, blank ones included' }),
  errors: z.array(ImportLineError).meta({ description: 'The first rejected lines, in file order (capped)' }),
  errorsTotal: z.int().min(0).meta({ description: 'All rejected lines, listed or not' }),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportProgress = ImportCounts.extend({
  committedThroughLine: z.int().min(0).meta({ description: 'Every line up to this one is decided, and its accepted events are durable' }),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export interface ImportOptions {
  orgId: string;
  /** The door to the write pipeline: the CommandBus in the API. */
  record: RecordOrgFacts;
  maxLineBytes: number;
  maxErrors: number;
  /** Lines decided and committed together. */
  batchSize: number;
  /** `metadata.source` for lines that name none. */
  source?: string;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
}

/** The lines of one committed import batch by outcome, published for the operator's metrics. */
export interface ImportBatchCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Told of every committed batch of every import: counting lines here needs no hook in each caller. */
export const importBatchChannel = channel('orghealth.import.batch');

/** The body went idle mid-import and was cut off: what was committed before stays, nothing after is decided. */
export class ImportCutOff extends Error {
  override readonly name = 'ImportCutOff';

  constructor(
    readonly idleMs: number,
    readonly committed: ImportProgress,
  ) {
    super(
      `the body sent nothing for ${idleMs} ms and was cut off: lines 1..${committed.committedThroughLine} are decided ` +
        `(${committed.accepted} accepted, ${committed.duplicates} duplicates, ${committed.rejected} rejected); send the rest again`,
    );
  }
}

/** A line read, waiting for its batch: an event to decide, or already a rejection. */
type PendingLine = { line: number; event: IncomingEvent } | { line: number; reason: string; eventId?: string };

const eventIdOf = (raw: unknown): string | undefined => {
  const eventId = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId.slice(0, 100) : undefined;
};

/** Names the channel an event came through, unless the sender already did. */
export function withSource(event: IncomingEvent, source: string): IncomingEvent {
  return event.metadata?.source ? event : { ...event, metadata: { ...event.metadata, source } };
}

function describeOutcome(outcome: RecordOutcome): string | undefined {
  switch (outcome.status) {
    case 'conflict':
      return outcome.reason;
    case 'rejected':
      return `${outcome.violation.code}: ${outcome.violation.message}`;
    default:
      return undefined;
  }
}

/**
 * Bulk import: one command per NDJSON line, in file order. Each line is
 * accepted, reported as a duplicate, or rejected with its number and reason;
 * a bad line never costs another line. Memory holds one batch, not the file.
 */
export async function importNdjson(input: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<ImportReport> {
  const { orgId, record, maxErrors, batchSize, source = 'import' } = options;
  const report: ImportReport = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, errors: [], errorsTotal: 0 };
  let batch: PendingLine[] = [];
  let committed: ImportProgress = { accepted: 0, duplicates: 0, rejected: 0, committedThroughLine: 0 };

  const reject = (line: number, reason: string, eventId?: string) => {
    report.rejected++;
    report.errorsTotal++;
    if (report.errors.length < maxErrors) report.errors.push({ line, ...(eventId ? { eventId } : {}), reason });
  };

  const flush = async () => {
    const before = { accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected };
    const events = batch.flatMap((pending) => ('event' in pending ? [pending.event] : []));
    const outcomes = events.length > 0 ? await record(orgId, events) : [];
    let next = 0;
    for (const pending of batch) {
      if (!('event' in pending)) {
        reject(pending.line, pending.reason, pending.eventId);
        continue;
      }
      const outcome = outcomes[next++]!;
      if (outcome.status === 'recorded') report.accepted++;
      else if (outcome.status === 'duplicate') report.duplicates++;
      else reject(pending.line, describeOutcome(outcome)!, outcome.eventId);
    }
    batch = [];
    const { accepted, duplicates, rejected, lines } = report;
    if (importBatchChannel.hasSubscribers) {
      importBatchChannel.publish({
        accepted: accepted - before.accepted,
        duplicates: duplicates - before.duplicates,
        rejected: rejected - before.rejected,
      } satisfies ImportBatchCounts);
    }
    committed = { accepted, duplicates, rejected, committedThroughLine: lines };
    await options.onProgress?.(committed);
  };

  try {
    for await (const line of ndjsonLines(input, options.maxLineBytes)) {
      report.lines = line.number;
      batch.push(readLine(line, orgId, source, options.maxLineBytes));
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (error instanceof InputIdle) throw new ImportCutOff(error.idleMs, committed);
    throw error;
  }
  await flush();
  return report;
}

function readLine(line: NdjsonLine, orgId: string, source: string, maxLineBytes: number): PendingLine {
  if ('tooLongBytes' in line) {
    return { line: line.number, reason: `line is ${line.tooLongBytes} bytes, more than the limit of ${maxLineBytes}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line.text);
  } catch (error) {
    return { line: line.number, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const parsed = parseIncomingEvent(raw);
  if (!parsed.ok) {
    return { line: line.number, reason: describeIssues(parsed.issues), eventId: eventIdOf(raw) };
  }
  const event = parsed.value;
  if (event.orgId !== orgId) {
    return { line: line.number, reason: `orgId: ${event.orgId} is not the org of this import (${orgId})`, eventId: event.eventId };
  }
  return { line: line.number, event: withSource(event, source) };
}
