import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AlertCommand, AlertEvent } from '@orghealth/domain';
import { AlertsEngine } from '../alerts-engine.js';

/** A person's say on an alert (an acknowledgement): it goes through the CommandBus, as every entrance's writes do. */
export class RecordAlertCommand extends Command<AlertEvent[]> {
  constructor(readonly command: AlertCommand) {
    super();
  }
}

@CommandHandler(RecordAlertCommand)
export class RecordAlertCommandHandler implements ICommandHandler<RecordAlertCommand, AlertEvent[]> {
  constructor(private readonly alerts: AlertsEngine) {}

  execute({ command }: RecordAlertCommand): Promise<AlertEvent[]> {
    return this.alerts.log.record(command);
  }
}
