import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { OrgStateCache } from '@orghealth/write-model';
import { CONFIG } from '../engine/engine.module.js';
import { PersonalDataVault, reveal } from '../privacy/erasure/personal-data-vault.js';
import type { OrgAtInstant } from './calendar/detect-meeting.js';
import { orgAtInstant } from './calendar/org-at-instant.js';
import { recordSourceItems, type SourceItem } from './record-source-items.js';
import { CommandBusSourceSink } from './source-sink.js';
import type { SourceReport } from './source-report.js';

/** What every source endpoint needs: the org to match people in, and the one way to record and count what it read. */
@Injectable()
export class SourceImports {
  constructor(
    private readonly sink: CommandBusSourceSink,
    private readonly cache: OrgStateCache,
    private readonly vault: PersonalDataVault,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The org as the write model knows it now, asked by email at any instant. */
  async orgAt(orgId: string): Promise<OrgAtInstant> {
    const { state } = await this.cache.current(orgId);
    return orgAtInstant(state.structure, (personId, stored) => reveal(this.vault, orgId, personId, stored));
  }

  record(
    orgId: string,
    items: AsyncIterable<SourceItem>,
    options: { dryRun: boolean; ignoreReasons?: readonly string[] },
  ): Promise<SourceReport> {
    return recordSourceItems(items, {
      orgId,
      sink: this.sink,
      batchSize: this.config.import.batchSize,
      maxProblems: this.config.import.maxErrors,
      ...options,
    });
  }
}
