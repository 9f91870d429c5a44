import { Logger } from '@nestjs/common';
import { analyticsOrgs, type AnalyticsRuntime } from '@orghealth/analytics';
import type { OrgStateCache } from '@orghealth/write-model';

/**
 * Folds orgs' write models in the background, so that no request waits for the fold of a whole stream
 * (seconds for a large org: the first org chart, a manager's scope or a command after a start would):
 * after a start, every org the analytics hold; then every org a projected batch touches that is not in
 * memory yet (an org imported by the CLI, or a store migrated in). One org at a time.
 */
export class OrgStateWarmUp {
  private readonly logger = new Logger('write-model');
  private readonly stopping = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private firstLoadDone = false;

  constructor(
    private readonly cache: OrgStateCache,
    private readonly analytics: AnalyticsRuntime,
  ) {}

  /** True once the orgs the analytics held at start are folded (or that load gave up): the readiness probe waits for it. */
  get loaded(): boolean {
    return this.firstLoadDone;
  }

  /** True while orgs are being folded; until then a request on one of them waits for it. */
  get inProgress(): boolean {
    return this.queued > 0;
  }

  start(): void {
    const began = Date.now();
    this.enqueue(
      async () => {
        // The analytics may stay unreachable for as long as the process runs: a stop must not wait for them.
        const stopped = new Promise<void>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
        await Promise.race([this.analytics.ready(), stopped]);
        return this.stopping.signal.aborted ? [] : analyticsOrgs(this.analytics.client());
      },
      (orgs) => `${orgs.length} org(s) loaded in ${Date.now() - began} ms`,
      () => (this.firstLoadDone = true),
    );
    this.analytics.onProjected((events) => {
      const touched = new Set(events.map((event) => event.orgId));
      if ([...touched].some((orgId) => !this.cache.has(orgId))) this.enqueue(async () => [...touched]);
    });
  }

  /**
   * Stops at the next event folded and settles when nothing runs, so that the analytics and the store
   * close under no query or read of the warm-up.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.queue;
  }

  private enqueue(orgs: () => Promise<string[]>, done?: (orgs: string[]) => string, settled?: () => void): void {
    this.queued++;
    this.queue = this.queue.then(async () => {
      try {
        if (this.stopping.signal.aborted) return;
        const orgIds = await orgs();
        await this.cache.warm(orgIds, this.stopping.signal);
        if (done && !this.stopping.signal.aborted) this.logger.log(done(orgIds));
      } catch (error) {
        // A warm-up that fails costs only speed: each org is folded on its first use instead.
        if (!this.stopping.signal.aborted)
          this.logger.warn(`warm-up stopped, orgs load on first use: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        settled?.();
        this.queued--;
      }
    });
  }
}
