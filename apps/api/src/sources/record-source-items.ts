import type { IncomingEvent } from '@orghealth/domain';
import type { RecordOutcome } from '@orghealth/write-model';
import type { SourceProblem, SourceReport } from './source-report.js';

type Where = Omit<SourceProblem, 'reason'>;

/** What a source made of one item of its export. */
export type SourceItem = ({ events: IncomingEvent[] } | { ignored: string } | { rejected: string }) & { where: Where };

/** Where a source's events go: the one write door, and the look-up a dry run needs. */
export interface SourceSink {
  record(orgId: string, events: readonly IncomingEvent[]): Promise<RecordOutcome[]>;
  /** The eventIds among these that the store already holds. */
  alreadyRecorded(eventIds: readonly string[]): Promise<Set<string>>;
}

export interface RecordSourceOptions {
  orgId: string;
  sink: SourceSink;
  dryRun: boolean;
  batchSize: number;
  maxProblems: number;
  /** Every reason the source can ignore an item for, listed in the answer even at zero. */
  ignoreReasons?: readonly string[];
}

const SAMPLE_SIZE = 20;

const reasonOf = (outcome: RecordOutcome) =>
  outcome.status === 'conflict'
    ? outcome.reason
    : outcome.status === 'rejected'
      ? `${outcome.violation.code}: ${outcome.violation.message}`
      : '';

/**
 * Records what a source read, in batches as it reads (memory holds one
 * batch), and counts every item: recorded, duplicate, ignored by reason,
 * rejected with where it came from. A dry run decides nothing and records
 * nothing: it counts what is new by eventId.
 */
export async function recordSourceItems(items: AsyncIterable<SourceItem>, options: RecordSourceOptions): Promise<SourceReport> {
  const { orgId, sink, dryRun, batchSize, maxProblems } = options;
  const report: SourceReport = {
    dryRun,
    read: 0,
    recorded: {},
    duplicates: 0,
    ignored: Object.fromEntries((options.ignoreReasons ?? []).map((reason) => [reason, 0])),
    rejected: 0,
    problems: [],
    problemsTotal: 0,
    sample: [],
  };
  const reject = (where: Where, reason: string) => {
    report.rejected++;
    report.problemsTotal++;
    if (report.problems.length < maxProblems) report.problems.push({ ...where, reason });
  };
  const seen = new Set<string>();
  let batch: { event: IncomingEvent; where: Where }[] = [];

  const flush = async () => {
    const events = batch.map(({ event }) => event);
    if (dryRun) {
      const stored = await sink.alreadyRecorded(events.map((event) => event.eventId));
      for (const event of events) {
        if (stored.has(event.eventId) || seen.has(event.eventId)) report.duplicates++;
        else {
          seen.add(event.eventId);
          report.recorded[event.type] = (report.recorded[event.type] ?? 0) + 1;
          if (report.sample.length < SAMPLE_SIZE) report.sample.push(event);
        }
      }
    } else if (events.length > 0) {
      const outcomes = await sink.record(orgId, events);
      outcomes.forEach((outcome, i) => {
        const { event, where } = batch[i]!;
        if (outcome.status === 'recorded') report.recorded[event.type] = (report.recorded[event.type] ?? 0) + 1;
        else if (outcome.status === 'duplicate') report.duplicates++;
        else reject(where, reasonOf(outcome));
      });
    }
    batch = [];
  };

  for await (const item of items) {
    report.read++;
    if ('ignored' in item) report.ignored[item.ignored] = (report.ignored[item.ignored] ?? 0) + 1;
    else if ('rejected' in item) reject(item.where, item.rejected);
    else for (const event of item.events) batch.push({ event, where: item.where });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}
