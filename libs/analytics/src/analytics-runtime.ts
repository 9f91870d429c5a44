import { setTimeout as delay } from 'node:timers/promises';
import type { AnalyticsConfig, AnalystLimits } from '@orghealth/config';
import type { EventStore, StoredEvent } from '@orghealth/event-store';
import { retry } from '@orghealth/retry';
import { openAnalyticsClient, type AnalyticsClient } from './analytics-client.js';
import { AnalystSessions } from './analyst-sessions.js';
import { ddlFor } from './migrations/cluster-ddl.js';
import { migrate } from './migrations/migrate.js';
import { MIGRATIONS } from './migrations/migrations.js';
import { deleteSupersededOrgPaths } from './metrics/org-paths.js';
import { ProjectionTarget } from './projector/projection-target.js';
import { Projector } from './projector/projector.js';

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
  };
}

const PROJECTOR_NAME = 'analytics';
// Superseded org path versions are small; deleting them now and then is enough.
const ORG_PATHS_CLEANUP_MS = 10 * 60_000;

const PROJECTED_TABLES_SQL = 'SELECT name FROM system.tables WHERE database = currentDatabase() AND NOT is_temporary';
const DROP_TABLE_SQL = 'DROP TABLE IF EXISTS {table:Identifier} SYNC';
// On a cluster each table is a Distributed `t` over a replicated `t_local`: both go, on every node.
const LOCAL_SUFFIX = /_local$/;

export interface RebuildProgress {
  /** Global position projected so far. */
  projected: number;
  /** The event store's head position when the rebuild began. */
  total: number;
  /** The projector's last failure while it retries, e.g. ClickHouse unreachable. */
  lastError: string | null;
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

  /** True from the start of a rebuild until the replay reaches the head it began from: the tables hold part of the history. */
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
      return { mode: this.config.mode, ready: false, lastError: this.lastError, projector: { mode: projectorMode, checkpoint: null, deadLetters: null } };
    }
    if (this.projector) {
      const { checkpoint, deadLetters, lastError } = await this.projector.status();
      return { mode: this.config.mode, ready: true, lastError: lastError ?? this.cleanupError, projector: { mode: projectorMode, checkpoint, deadLetters } };
    }
    const target = new ProjectionTarget(this.connected, PROJECTOR_NAME);
    try {
      const [checkpoint, deadLetters] = await Promise.all([target.loadCheckpoint(), target.deadLetterCount()]);
      return { mode: this.config.mode, ready: true, lastError: this.cleanupError, projector: { mode: projectorMode, checkpoint, deadLetters } };
    } catch (error) {
      return { mode: this.config.mode, ready: true, lastError: String(error), projector: { mode: projectorMode, checkpoint: null, deadLetters: null } };
    }
  }

  /**
   * Drops every analytics table, migrates afresh and replays the whole event
   * stream, reporting progress until the projector reaches the head the
   * rebuild started from. Reads meanwhile see a partial picture.
   */
  async rebuild(onProgress: (progress: RebuildProgress) => void, pollMs = 250): Promise<RebuildProgress> {
    if (!this.options.project) throw new RebuildNotHereError();
    const client = this.client();
    this.rebuildRunning = true;
    try {
      return await this.replay(client, onProgress, pollMs);
    } finally {
      this.rebuildRunning = false;
    }
  }

  private async replay(client: AnalyticsClient, onProgress: (progress: RebuildProgress) => void, pollMs: number): Promise<RebuildProgress> {
    const total = await this.store.headPosition();
    await this.projector?.close();
    this.projector = undefined;
    const listed = (await (await client.query({ query: PROJECTED_TABLES_SQL, format: 'JSONEachRow' })).json<{ name: string }>()).map(({ name }) => name);
    const tables = this.cluster ? [...new Set(listed.map((name) => name.replace(LOCAL_SUFFIX, '')))] : listed;
    // The migrations record and the checkpoint go first: a crash part-way then leaves nothing that claims the
    // schema is complete or the events projected, and the next start recreates the tables and replays everything.
    const firstDropped = ['schema_migrations', 'projector_checkpoints'];
    for (const table of [...firstDropped.filter((name) => tables.includes(name)), ...tables.filter((name) => !firstDropped.includes(name))]) {
      if (this.cluster) for (const statement of ddlFor(`DROP TABLE IF EXISTS ${table} SYNC`, this.cluster)) await client.command({ query: statement });
      else await client.command({ query: DROP_TABLE_SQL, query_params: { table } });
    }
    await migrate(client, MIGRATIONS, { cluster: this.cluster });
    this.projector = this.newProjector(client);
    this.projector.start();
    for (;;) {
      const { checkpoint, lastError } = await this.projector.status();
      const progress = { projected: Math.min(checkpoint, total), total, lastError };
      onProgress(progress);
      if (checkpoint >= total) return progress;
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
