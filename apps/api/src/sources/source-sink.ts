import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { IncomingEvent } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { recordThrough, type RecordOutcome } from '@orghealth/write-model';
import { EVENT_STORE } from '../engine/engine.module.js';
import type { SourceSink } from './record-source-items.js';

/** Every source records through here: the same command as a single event sent to the API, so the same rules and sealing apply. */
@Injectable()
export class CommandBusSourceSink implements SourceSink {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  record(orgId: string, events: readonly IncomingEvent[]): Promise<RecordOutcome[]> {
    return recordThrough(this.commands)(orgId, events);
  }

  async alreadyRecorded(eventIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.store.findByEventIds([...new Set(eventIds)])).keys());
  }
}
