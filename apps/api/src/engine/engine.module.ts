import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { SqliteEventStore, type EventStore } from '@orghealth/event-store';
import { OrgStateCache, OrgWriter } from '@orghealth/ingest';

export const CONFIG = Symbol('CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The write side's parts, built once per process from the validated config. */
@Global()
@Module({})
export class EngineModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: EngineModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: () => SqliteEventStore.open({ file: config.sqlite.file, pollIntervalMs: config.sqlite.pollIntervalMs }),
        },
        { provide: OrgStateCache, inject: [EVENT_STORE], useFactory: (store: EventStore) => new OrgStateCache(store) },
        {
          provide: OrgWriter,
          inject: [EVENT_STORE, OrgStateCache],
          useFactory: (store: EventStore, cache: OrgStateCache) => new OrgWriter(store, cache),
        },
        EventStoreCloser,
      ],
      exports: [CONFIG, EVENT_STORE, OrgStateCache, OrgWriter],
    };
  }
}
