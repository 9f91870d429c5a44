import { eventually } from '../contract/eventually.js';
import { newEvents, newStreamId } from '../contract/test-events.js';
import type { StoredEvent } from '../event-store.port.js';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { CatchUpSubscription } from './catch-up-subscription.js';

describe('CatchUpSubscription', () => {
  it('does not sleep through an append that lands while it reads an empty page', async () => {
    const store = new InMemoryEventStore();
    const delivered: StoredEvent[] = [];
    let appendedDuringRead = false;
    // No poll interval: a missed wake-up would leave it asleep for good.
    const subscription: CatchUpSubscription = new CatchUpSubscription(
      async (after, limit) => {
        const page = await store.readAll(after, limit);
        if (page.length === 0 && !appendedDuringRead) {
          appendedDuringRead = true;
          await store.append(newStreamId(), newEvents(2), 'no_stream');
          subscription.notifyAppended();
        }
        return page;
      },
      { after: 0 },
      async (events) => {
        delivered.push(...events);
      },
    );

    await eventually(() => expect(delivered).toHaveLength(2), { timeoutMs: 1000 });

    await subscription.close();
    await store.close();
  });
});
