import { setTimeout as delay } from 'node:timers/promises';
import type { AnalyticsConfig, AnalystLimits } from '@orghealth/config';
import type { EventStore, StoredEvent } from '@orghealth/event-store';
import { retry } from '@orghealth/retry';
import { openAnalyticsClient, type AnalyticsClient } from './analytics-client.js';
import { AnalystSessions } from './analyst-sessions.js';
import { migrate } from './migrations/migrate.js';
import { MIGRATIONS } from './migrations/migrations.js';
import { deleteSupersededOrgPaths } from './metrics/org-paths.js';
import { ProjectionTarget } from './projector/projection-target.js';
import { Projector } from './projector/projector.js';
import { projectedTables, shadowName, shadowStatements } from './rebuild/shadow-tables.js';
import { SwapGate } from './rebuild/swap-gate.js';
import { settleRebuilds, swapIn } from './rebuild/table-swap.js';

/** The analytics cannot answer now (ClickHouse down, or still migrating): reads say 503 with this reason. */
export class AnalyticsUnavailableError extends Error {
  constructor(reason: string) {
    super(`the analytics store is unavailable: ${reason}`);
    this.name = 'AnalyticsUnavailableError';
  }
}

export interface AnalyticsStatus {
  mode: AnalyticsConfig['mode'];
  ready: boolean;
  /** Why the analytics are not ready, or the projector's last failure. */
  lastError: string | null;
  projector: {
    /** inline: this process projects; external: another process does (server mode only). */
    mode: 'inline' | 'external';
    checkpoint: number | null;
    deadLetters: number | null;
    /** While a rebuild replays the events into copies of the tables: how far it got. Reads keep using the live tables. */
    rebuild: RebuildProgress | null;
  };
}

const PROJECTOR_NAME = 'analytics';
// Superseded org path versions are small; deleting them now and then is enough.
const ORG_PATHS_CLEANUP_MS = 10 * 60_000;

export interface RebuildProgress {
  /** Global position projected so far. */
  projected: number;
  /** The event store's head position when the rebuild began. */
  total: number;
  /** The projector's last failure while it retries, e.g. ClickHouse unreachable. */
  lastError: string | null;
}

export class RebuildRunningError extends Error {
  constructor() {
    super('a rebuild is running already: wait for its done line');
    this.name = 'RebuildRunningError';
  }
}

export class RebuildNotHereError extends Error {
  constructor() {
    super('the projector runs in another process (ORGHEALTH_PROJECTOR=external): rebuild there');
    this.name = 'RebuildNotHereError';
  }
}

/**
 * The analytics side of a process: connects (retrying with backoff while
 * ClickHouse is unreachable, so start-up and writes never wait on it),
 * migrates, and, when this process is the projector, projects. Reads ask
 * `client()`, which throws AnalyticsUnavailableError until all that is done.
 */
export class AnalyticsRuntime {
  private connected: AnalyticsClient | undefined;
  /** Analysts' own sessions: their settings (readonly, an org's filter) never reach the session the projector writes through. */
  private readonly analysts: AnalystSessions;
  private projector: Projector | undefined;
  private lastError: string | null = 'connecting';
  private rebuildRunning = false;
  private rebuildProgress: RebuildProgress | null = null;
  private readonly gate = new SwapGate();
  private readonly projectedListeners = new Set<(events: readonly StoredEvent[]) => void>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private cleanup: NodeJS.Timeout | undefined;
  private cleanupError: string | null = null;

  constructor(
    private readonly config: AnalyticsConfig,
    private readonly store: EventStore,
    private readonly options: { project: boolean; analystLimits: AnalystLimits; retryMaxDelayMs?: number; yieldTo?: () => boolean },
  ) {
    this.analysts = new AnalystSessions(config, options.analystLimits);
  }

  /** Calls `listener` after each batch this process projects (none when the projector is external). */
  onProjected(listener: (events: readonly StoredEvent[]) => void): void {
    this.projectedListeners.add(listener);
  }

  /** True from the start of a rebuild until its tables are swapped in: alerts are not evaluated meanwhile. */
  get rebuilding(): boolean {
    return this.rebuildRunning;
  }

  start(): void {
    this.loop ??= this.connect();
  }

  private get cluster(): string | undefined {
    return this.config.mode === 'server' ? this.config.cluster : undefined;
  }

  /** Resolves once connected and migrated (or closed). */
  async ready(): Promise<void> {
    await this.loop;
  }

  client(): AnalyticsClient {
    if (!this.connected) throw new AnalyticsUnavailableError(this.lastError ?? 'not started');
    return this.connected;
  }

  /** Where analysts' ad-hoc SQL runs, apart from the connection the projector writes through. */
  analystSessions(): AnalystSessions {
    this.client();
    return this.analysts;
  }

  async status(): Promise<AnalyticsStatus> {
    const projectorMode = this.options.project ? 'inline' : 'external';
    if (!this.connected) {
      return {
        mode: this.config.mode,
        ready: false,
        lastError: this.lastError,
        projector: { mode: projectorMode, checkpoint: null, deadLetters: null, rebuild: null },
      };
    }
    if (this.projector) {
      const { checkpoint, deadLetters, lastError } = await this.projector.status();
      const rebuild = this.rebuildProgress;
      return {
        mode: this.config.mode,
        ready: true,
        lastError: lastError ?? this.cleanupError,
        projector: { mode: projectorMode, checkpoint, deadLetters, rebuild },
      };
    }
    const target = new ProjectionTarget(this.connected, PROJECTOR_NAME);
    try {
      const [checkpoint, deadLetters] = await Promise.all([target.loadCheckpoint(), target.deadLetterCount()]);
      return {
        mode: this.config.mode,
        ready: true,
        lastError: this.cleanupError,
        projector: { mode: projectorMode, checkpoint, deadLetters, rebuild: null },
      };
    } catch (error) {
      return {
        mode: this.config.mode,
        ready: true,
        lastError: String(error),
        projector: { mode: projectorMode, checkpoint: null, deadLetters: null, rebuild: null },
      };
    }
  }

  /**
   * Runs `read` (every query of one answer) wholly on the tables before a
   * rebuild's swap or wholly on those after it: the readers of this process
   * never see some tables swapped and others not.
   */
  reading<T>(read: () => Promise<T>): Promise<T> {
    return this.gate.read(read);
  }

  /**
   * Replays the whole event stream into new tables while the live ones keep
   * serving (and keep being projected), reporting progress until the replay
   * reaches the head the rebuild began from; then stops the live projector,
   * lets the replay catch up with it, swaps the new tables in and projects
   * on into them. A rebuild cut short (a crash, a failure) leaves the old
   * tables serving (settleRebuilds, at the next start or at once).
   */
  async rebuild(onProgress: (progress: RebuildProgress) => void, pollMs = 250): Promise<RebuildProgress> {
    if (!this.options.project) throw new RebuildNotHereError();
    if (this.rebuildRunning) throw new RebuildRunningError();
    const client = this.client();
    this.rebuildRunning = true;
    try {
      return await this.replay(client, onProgress, pollMs);
    } finally {
      this.rebuildRunning = false;
      this.rebuildProgress = null;
    }
  }

  private async replay(client: AnalyticsClient, onProgress: (progress: RebuildProgress) => void, pollMs: number): Promise<RebuildProgress> {
    const total = await this.store.headPosition();
    await settleRebuilds(client, this.cluster);
    const id = Date.now().toString(36);
    for (const statement of shadowStatements(MIGRATIONS, id, this.cluster)) await client.command({ query: statement });
    // No listeners: the events are not new, and the alert evaluation reads the live tables.
    const { yieldTo } = this.options;
    const copy = new Projector(this.store, client, {
      name: PROJECTOR_NAME,
      tableName: (table) => shadowName(table, id),
      ...(yieldTo ? { yieldTo } : {}),
    });
    copy.start();
    let last: RebuildProgress;
    try {
      last = await this.follow(copy, total, onProgress, pollMs);
      const live = this.projector;
      this.projector = undefined;
      await live?.close();
      const liveCheckpoint = live ? (await live.status()).checkpoint : 0;
      if (liveCheckpoint > last.total) last = await this.follow(copy, liveCheckpoint, onProgress, pollMs);
      await copy.close();
      await this.gate.swap(() => swapIn(client, projectedTables(MIGRATIONS), id, this.cluster));
    } catch (error) {
      await copy.close();
      // A swap cut short is swapped back before the projector writes again (when stopping, by the next start).
      if (!this.stopping.signal.aborted) await this.gate.swap(() => settleRebuilds(client, this.cluster));
      throw error;
    } finally {
      if (!this.projector && !this.stopping.signal.aborted) {
        this.projector = this.newProjector(client);
        this.projector.start();
      }
    }
    // Every table swapped: the copies hold the old rows now, and go.
    await settleRebuilds(client, this.cluster);
    return last;
  }

  /** Reports the replay's progress until its checkpoint reaches `target`. */
  private async follow(
    copy: Projector,
    target: number,
    onProgress: (progress: RebuildProgress) => void,
    pollMs: number,
  ): Promise<RebuildProgress> {
    for (;;) {
      if (this.stopping.signal.aborted) throw new AnalyticsUnavailableError('the engine is stopping');
      const { checkpoint, lastError } = await copy.status();
      const progress = { projected: Math.min(checkpoint, target), total: target, lastError };
      this.rebuildProgress = progress;
      onProgress(progress);
      if (checkpoint >= target) return progress;
      await delay(pollMs);
    }
  }

  async close(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.cleanup);
    await this.loop;
    await this.projector?.close();
    await this.analysts.close();
    await this.connected?.close();
  }

  private async deleteSupersededOrgPaths(): Promise<void> {
    try {
      await deleteSupersededOrgPaths(this.client(), this.cluster);
      this.cleanupError = null;
    } catch (error) {
      // Nothing reads a superseded version and the next round deletes it, but a lasting failure shows on /health.
      this.cleanupError = `deleting superseded org paths: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private newProjector(client: AnalyticsClient): Projector {
    const { yieldTo } = this.options;
    const onProjected = (events: readonly StoredEvent[]) => {
      for (const listener of this.projectedListeners) listener(events);
    };
    return new Projector(this.store, client, { name: PROJECTOR_NAME, ...(yieldTo ? { yieldTo } : {}), onProjected });
  }

  private async connect(): Promise<void> {
    let client: AnalyticsClient | undefined;
    await retry(
      async () => {
        client = await openAnalyticsClient(this.config);
        // The process that projects is the one that rebuilds. Before the migrations touch the live tables: a rebuild
        // cut short by a crash leaves them as they were.
        if (this.options.project) await settleRebuilds(client, this.cluster);
        await migrate(client, MIGRATIONS, { cluster: this.cluster });
        this.connected = client;
        this.lastError = null;
        this.cleanup = setInterval(() => void this.deleteSupersededOrgPaths(), ORG_PATHS_CLEANUP_MS).unref();
        if (this.options.project) {
          this.projector = this.newProjector(client);
          this.projector.start();
        }
      },
      {
        backoff: { firstMs: 250, maxMs: this.options.retryMaxDelayMs ?? 30_000 },
        signal: this.stopping.signal,
        onRetry: async (error) => {
          await client?.close().catch(() => undefined);
          client = undefined;
          this.lastError = error instanceof Error ? error.message : String(error);
        },
      },
    ).catch(async () => {
      // Closed while connecting: the half-open connection goes too.
      if (client !== this.connected) await client?.close().catch(() => undefined);
    });
  }
}
