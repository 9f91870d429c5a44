import type { AppendResult, EventStore, NewEvent, StoredEvent } from '@orghealth/event-store';
import { retry, type Backoff } from '@orghealth/retry';

/** A stream's folded state and the revision of the last event folded into it (-1: the stream does not exist). */
export interface StreamSnapshot<S> {
  state: S;
  revision: number;
}

/** What the runner needs to know of one kind of stream (an org's facts, an org's alerts). */
export interface StreamModel<S, E extends NewEvent> {
  /** The stream holding a key's events (the key is the org). */
  streamId(key: string): string;
  initialState(): S;
  /** Folds an event into the state, in place. */
  evolve(state: S, event: E): void;
  /** Reads a stored event back as the typed event: upcast and parsed once, here, for every reader of the stream. */
  read(stored: StoredEvent): E;
  /** Failures that mean another writer appended first: the state is folded again and the command decided again. */
  lostRace(error: unknown): boolean;
}

/** What a decision asks to append, and what the caller is told. */
export interface Decision<E, R> {
  events: readonly E[];
  outcome: R;
}

export interface StreamRunnerOptions {
  /** Tries of a command whose append lost a race, the first included. */
  maxAttempts: number;
  lostRaceBackoff: Backoff;
}

// Full jitter: two writers that just collided must not collide again on the same beat.
const DEFAULTS: StreamRunnerOptions = { maxAttempts: 5, lostRaceBackoff: { firstMs: 15, maxMs: 250, factor: 1.5, jitter: 1 } };

/**
 * The write pipeline's engine for one kind of stream: each stream's state is
 * folded once and kept in memory, caught up from the store before every use
 * (so other writers of the same store are seen), and everything done to one
 * stream runs alone, in arrival order. `run` is the command step: decide on
 * the caught-up state, append with the revision decided on, and on a lost
 * race fold again and decide again.
 */
export class StreamRunner<S, E extends NewEvent> {
  private readonly snapshots = new Map<string, StreamSnapshot<S>>();
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly options: StreamRunnerOptions;

  constructor(
    private readonly store: EventStore,
    private readonly model: StreamModel<S, E>,
    options: Partial<StreamRunnerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Decides on the key's caught-up state and appends what was decided with the
   * revision it was decided on. `decide` may evolve the snapshot as it goes
   * (later events of a group are decided against earlier ones): when the
   * append fails the snapshot is dropped and folded again from the store.
   */
  async run<R>(
    key: string,
    decide: (snapshot: StreamSnapshot<S>) => Promise<Decision<E, R>> | Decision<E, R>,
  ): Promise<{ outcome: R; appended?: AppendResult }> {
    return retry(
      () =>
        this.exclusive(key, async (snapshot) => {
          try {
            const { events, outcome } = await decide(snapshot);
            if (events.length === 0) return { outcome };
            const expected = snapshot.revision === -1 ? 'no_stream' : snapshot.revision;
            const appended = await this.store.append(this.model.streamId(key), events, expected);
            snapshot.revision = appended.revision;
            // A stream this append created was not remembered by the catch-up: it is now.
            this.snapshots.set(key, snapshot);
            return { outcome, appended };
          } catch (error) {
            this.forget(key);
            throw error;
          }
        }),
      { backoff: this.options.lostRaceBackoff, maxAttempts: this.options.maxAttempts, retryable: (error) => this.model.lostRace(error) },
    );
  }

  /** Runs `work` alone on the key's caught-up snapshot. */
  exclusive<T>(key: string, work: (snapshot: StreamSnapshot<S>) => Promise<T> | T): Promise<T> {
    return this.serialised(key, async () => work(await this.catchUp(key)));
  }

  /** The key's caught-up snapshot, for reads. */
  current(key: string): Promise<StreamSnapshot<S>> {
    return this.exclusive(key, (snapshot) => snapshot);
  }

  /** How many streams are folded in memory. */
  get loaded(): number {
    return this.snapshots.size;
  }

  /** The states folded so far, without reading the store (possibly mid-fold): for gauges that must not cost a read. */
  folded(): IterableIterator<S> {
    return [...this.snapshots.values()].map((snapshot) => snapshot.state).values();
  }

  /** Whether the key's stream is in memory (or being folded). */
  has(key: string): boolean {
    return this.snapshots.has(key);
  }

  /**
   * Folds, one after another, each of `keys` not yet in memory, so that no request after a start
   * waits seconds for it. Once `signal` aborts it stops at the next event: what is folded stays, and the
   * next use catches up from there.
   */
  async warm(keys: Iterable<string>, signal: AbortSignal): Promise<void> {
    for (const key of keys) {
      if (signal.aborted) return;
      if (!this.has(key)) await this.serialised(key, () => this.catchUp(key, signal));
    }
  }

  /** Drops the key's state: it no longer matches the stream (an append failed after evolve). */
  forget(key: string): void {
    this.snapshots.delete(key);
  }

  /** Runs `work` after everything queued on the key: a writer evolves the state before its append commits, and a catch-up in between would fold the same events twice. */
  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  private async catchUp(key: string, stop?: AbortSignal): Promise<StreamSnapshot<S>> {
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = { state: this.model.initialState(), revision: -1 };
      this.snapshots.set(key, snapshot);
    }
    for await (const stored of this.store.readStream(this.model.streamId(key), snapshot.revision + 1)) {
      this.model.evolve(snapshot.state, this.model.read(stored));
      snapshot.revision = stored.revision;
      if (stop?.aborted) break;
    }
    // Unknown keys are not remembered: probing ids must not grow the cache.
    if (snapshot.revision === -1) this.snapshots.delete(key);
    return snapshot;
  }
}
