import { Global, Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import { EVENT_TYPES } from '@orghealth/domain';
import { openEventStore, type EventStore } from '@orghealth/event-store';
import { OrgStateCache, OrgWriter, sealPersonalData } from '@orghealth/write-model';
import { PersonalDataVault } from '../privacy/erasure/personal-data-vault.js';
import { OrgStateWarmUp } from './org-state-warm-up.js';

export const CONFIG = Symbol('CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Starts the analytics and the write model's warm-up in the background (writes never wait on ClickHouse) and closes everything in order. */
class EngineLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly analytics: AnalyticsRuntime,
    private readonly warmUp: OrgStateWarmUp,
    private readonly vault: PersonalDataVault,
  ) {}

  onApplicationBootstrap(): void {
    this.analytics.start();
    this.warmUp.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.warmUp.stop();
    await this.analytics.close();
    await this.store.close();
    this.vault.close();
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
          useFactory: () => openEventStore(config.eventStore, EVENT_TYPES),
        },
        { provide: OrgStateCache, inject: [EVENT_STORE], useFactory: (store: EventStore) => new OrgStateCache(store) },
        { provide: PersonalDataVault, useFactory: () => PersonalDataVault.open(config.auth.personalKeysFile) },
        {
          provide: OrgWriter,
          inject: [EVENT_STORE, OrgStateCache, PersonalDataVault],
          // Every write of this process seals personal data first (docs/security.md, erasure).
          useFactory: (store: EventStore, cache: OrgStateCache, vault: PersonalDataVault) =>
            new OrgWriter(store, cache, { personalData: sealPersonalData(vault) }),
        },
        {
          provide: AnalyticsRuntime,
          inject: [EVENT_STORE, OrgWriter],
          // Recording comes first: while events are being committed, projection waits (bounded) and catches up after.
          useFactory: (store: EventStore, writer: OrgWriter) =>
            new AnalyticsRuntime(config.analytics, store, {
              project: config.projector === 'inline',
              analystLimits: config.sql,
              yieldTo: () => writer.busy(),
            }),
        },
        {
          provide: OrgStateWarmUp,
          inject: [OrgStateCache, AnalyticsRuntime],
          useFactory: (cache: OrgStateCache, analytics: AnalyticsRuntime) => new OrgStateWarmUp(cache, analytics),
        },
        EngineLifecycle,
      ],
      exports: [CONFIG, EVENT_STORE, OrgStateCache, OrgStateWarmUp, OrgWriter, AnalyticsRuntime, PersonalDataVault],
    };
  }
}
