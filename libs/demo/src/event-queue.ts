import type { EventData, EventType } from '@orghealth/domain';

export type PendingEvent = { [T in EventType]: { t: number; seq: number; type: T; data: EventData<T>; onEmit?: () => void } }[EventType];

const before = (a: PendingEvent, b: PendingEvent) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/**
 * Events waiting for their instant, earliest first; at equal instants, in the
 * order they were scheduled. A day's events and the resolutions still due
 * from earlier days merge here, so the stream leaves in occurredAt order
 * while holding only what is not yet due.
 */
export class EventQueue {
  private readonly heap: PendingEvent[] = [];
  private seq = 0;

  push<T extends EventType>(t: number, type: T, data: EventData<T>, onEmit?: () => void): void {
    const item = { t, seq: this.seq++, type, data, ...(onEmit ? { onEmit } : {}) } as PendingEvent;
    const heap = this.heap;
    let i = heap.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  /** Removes and returns the earliest event if it is due at or before `until`. */
  popDue(until: number): PendingEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top || top.t > until) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
