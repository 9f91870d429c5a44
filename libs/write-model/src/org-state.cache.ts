import { evolve, initialOrgState, upcastStored, type OrgState } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { orgStreamId, toOrgEvent } from './org-stream.js';

export interface OrgSnapshot {
  state: OrgState;
  /** Revision of the last event folded into `state`, -1 for an org with no events. */
  revision: number;
}

/**
 * Keeps each org's write model folded in memory and catches it up from its
 * stream on every use, so other writers of the same store (a CLI import) are
 * seen. Folding a large org from scratch takes seconds; it happens once.
 *
 * All access to one org is serialised: a writer evolves the state before its
 * append commits, and a catch-up running in between would fold the same
 * events twice.
 */
export class OrgStateCache {
  private readonly snapshots = new Map<string, OrgSnapshot>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly store: EventStore) {}

  /** Runs `work` alone on the org's caught-up snapshot. */
  exclusive<T>(orgId: string, work: (snapshot: OrgSnapshot) => Promise<T> | T): Promise<T> {
    return this.serialised(orgId, async () => work(await this.catchUp(orgId)));
  }

  private serialised<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(orgId) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(orgId, tail);
    void tail.then(() => {
      if (this.tails.get(orgId) === tail) this.tails.delete(orgId);
    });
    return run;
  }

  /** The org's caught-up snapshot, for reads. */
  current(orgId: string): Promise<OrgSnapshot> {
    return this.exclusive(orgId, (snapshot) => snapshot);
  }

  /** How many orgs are folded in memory. */
  get loadedOrgs(): number {
    return this.snapshots.size;
  }

  /** Whether the org is in memory (or being folded). */
  has(orgId: string): boolean {
    return this.snapshots.has(orgId);
  }

  /**
   * Folds, one after another, each of `orgIds` not yet in memory, so that no request after a start
   * waits seconds for it. Once `signal` aborts it stops at the next event: what is folded stays, and the
   * next use catches up from there.
   */
  async warm(orgIds: Iterable<string>, signal: AbortSignal): Promise<void> {
    for (const orgId of orgIds) {
      if (signal.aborted) return;
      if (!this.has(orgId)) await this.serialised(orgId, () => this.catchUp(orgId, signal));
    }
  }

  /** Drops the org's state: it no longer matches the stream (an append failed after evolve). */
  forget(orgId: string): void {
    this.snapshots.delete(orgId);
  }

  private async catchUp(orgId: string, stop?: AbortSignal): Promise<OrgSnapshot> {
    let snapshot = this.snapshots.get(orgId);
    if (!snapshot) this.snapshots.set(orgId, (snapshot = { state: initialOrgState(), revision: -1 }));
    for await (const stored of this.store.readStream(orgStreamId(orgId), snapshot.revision + 1)) {
      evolve(snapshot.state, upcastStored(toOrgEvent(stored)));
      snapshot.revision = stored.revision;
      if (stop?.aborted) break;
    }
    // Unknown orgs are not remembered: probing ids must not grow the cache.
    if (snapshot.revision === -1) this.snapshots.delete(orgId);
    return snapshot;
  }
}
