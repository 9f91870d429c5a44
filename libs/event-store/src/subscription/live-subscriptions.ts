import type { SubscribeOptions, Subscription } from '../event-store.port.js';
import { CatchUpSubscription, type Handler, type ReadAll } from './catch-up-subscription.js';

/** A store's open subscriptions: woken by its appends, closed with it. */
export class LiveSubscriptions {
  private readonly open = new Set<CatchUpSubscription>();

  constructor(
    private readonly readAll: ReadAll,
    private readonly pollIntervalMs?: number,
  ) {}

  subscribe(options: SubscribeOptions, handler: Handler): Subscription {
    const subscription = new CatchUpSubscription(this.readAll, options, handler, this.pollIntervalMs);
    this.open.add(subscription);
    void subscription.stopped.then(() => this.open.delete(subscription));
    return subscription;
  }

  notifyAppended(): void {
    for (const subscription of this.open) subscription.notifyAppended();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}
