import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IncomingEvent } from '@orghealth/domain';
import { OrgWriter, type RecordOutcome } from '@orghealth/write-model';

/** Asks for the events of one org to be recorded: each is checked against the org as it stood at its occurredAt. */
export class RecordEvents extends Command<RecordOutcome[]> {
  constructor(
    readonly orgId: string,
    readonly events: readonly IncomingEvent[],
  ) {
    super();
  }
}

@CommandHandler(RecordEvents)
export class RecordEventsHandler implements ICommandHandler<RecordEvents, RecordOutcome[]> {
  constructor(private readonly writer: OrgWriter) {}

  execute(command: RecordEvents): Promise<RecordOutcome[]> {
    return this.writer.record(command.orgId, command.events);
  }
}
