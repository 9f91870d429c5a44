export interface AlertScheduleOptions {
  /** After an org is touched, wait this long (gathering more batches) before evaluating it. */
  debounceMs: number;
  /** Every org is evaluated this often too, so windows sliding past evidence resolve alerts without any new event. */
  everyMs: number;
  orgs: () => Promise<string[]>;
  evaluate: (orgId: string) => Promise<unknown>;
  onError: (orgId: string | null, error: unknown) => void;
}

/**
 * When to evaluate: orgs touched by projected batches, at most once per
 * debounce interval, and every org on a schedule. One evaluation runs at a
 * time: on two cores, a second would only slow the first.
 */
export class AlertSchedule {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: AlertScheduleOptions) {}

  start(): void {
    this.interval = setInterval(() => {
      this.options.orgs().then(
        (orgs) => this.touched(orgs),
        (error: unknown) => this.options.onError(null, error),
      );
    }, this.options.everyMs);
  }

  touched(orgIds: Iterable<string>): void {
    if (this.closed) return;
    for (const orgId of orgIds) this.pending.add(orgId);
    if (this.pending.size > 0) this.timer ??= setTimeout(() => this.fire(), this.options.debounceMs);
  }

  /** Settles once no evaluation is running. */
  idle(): Promise<void> {
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.interval);
    this.pending.clear();
    await this.running;
  }

  private fire(): void {
    this.running = this.running.then(async () => {
      this.timer = undefined;
      const orgs = [...this.pending];
      this.pending.clear();
      for (const orgId of orgs) {
        if (this.closed) return;
        await this.options.evaluate(orgId).catch((error: unknown) => this.options.onError(orgId, error));
      }
    });
  }
}
