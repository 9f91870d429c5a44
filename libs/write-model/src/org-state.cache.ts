import type { OrgEvent, OrgState } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { ORG_STREAM } from './org-stream.js';
import { StreamRunner, type StreamRunnerOptions, type StreamSnapshot } from './pipeline/stream-runner.js';

export type OrgSnapshot = StreamSnapshot<OrgState>;

/**
 * Each org's write model, folded in memory and caught up from its stream on
 * every use (a CLI import into the same store is seen). Folding a large org
 * from scratch takes seconds; it happens once. Readers (the org chart, a
 * manager's scope) share it with the writer.
 */
export class OrgStateCache extends StreamRunner<OrgState, OrgEvent> {
  constructor(store: EventStore, options: Partial<StreamRunnerOptions> = {}) {
    super(store, ORG_STREAM, options);
  }

  /** How many orgs are folded in memory. */
  get loadedOrgs(): number {
    return this.loaded;
  }
}
