import { Command, CommandHandler, type CommandBus, type ICommandHandler } from '@nestjs/cqrs';
import type { IncomingEvent } from '@orghealth/domain';
import { OrgWriter, type RecordOutcome } from './org-writer.js';

/**
 * Asks for facts of one org to be recorded, each checked against the org as
 * it stood at its occurredAt. Every entrance sends this one command: a
 * single event, an NDJSON import, the demo load (and each new source).
 */
export class RecordOrgEvents extends Command<RecordOutcome[]> {
  constructor(
    readonly orgId: string,
    readonly events: readonly IncomingEvent[],
  ) {
    super();
  }
}

@CommandHandler(RecordOrgEvents)
export class RecordOrgEventsHandler implements ICommandHandler<RecordOrgEvents, RecordOutcome[]> {
  constructor(private readonly writer: OrgWriter) {}

  execute(command: RecordOrgEvents): Promise<RecordOutcome[]> {
    return this.writer.record(command.orgId, command.events);
  }
}

/** How an entrance records facts: one call per batch, whatever reads them (a request, a file, a generator). */
export type RecordOrgFacts = (orgId: string, events: readonly IncomingEvent[]) => Promise<RecordOutcome[]>;

/** The entrances' door: every batch goes through the CommandBus to the one handler. */
export const recordThrough =
  (commands: CommandBus): RecordOrgFacts =>
  (orgId, events) =>
    commands.execute(new RecordOrgEvents(orgId, events));
