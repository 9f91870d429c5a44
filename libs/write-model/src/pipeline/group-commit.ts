interface Pending<I, O> {
  items: readonly I[];
  resolve: (outcomes: O[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests for a key queued while a commit of that key runs
 * are committed together in the next one (up to `maxGroupItems`), so the
 * price of a durable fsync is shared by every request waiting on it. Each
 * request gets back the outcomes of its own items, in order.
 */
export class GroupCommit<I, O> {
  private readonly queues = new Map<string, Pending<I, O>[]>();
  private lastCommitAt = 0;

  constructor(
    private readonly commit: (key: string, items: I[]) => Promise<O[]>,
    private readonly maxGroupItems: number,
  ) {}

  /** Whether a group was committed in the last `withinMs`: work that can wait (projection) gives way meanwhile. */
  busy(withinMs = 250): boolean {
    return Date.now() - this.lastCommitAt < withinMs;
  }

  submit(key: string, items: readonly I[]): Promise<O[]> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ items, resolve, reject });
        return;
      }
      this.queues.set(key, [{ items, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    // Let requests that arrived in the same turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const group: Pending<I, O>[] = [queue.shift()!];
      let size = group[0]!.items.length;
      while (queue.length > 0 && size + queue[0]!.items.length <= this.maxGroupItems) {
        size += queue[0]!.items.length;
        group.push(queue.shift()!);
      }
      try {
        const outcomes = await this.commit(
          key,
          group.flatMap((pending) => pending.items),
        );
        this.lastCommitAt = Date.now();
        let offset = 0;
        for (const pending of group) {
          pending.resolve(outcomes.slice(offset, offset + pending.items.length));
          offset += pending.items.length;
        }
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.queues.delete(key);
  }
}
