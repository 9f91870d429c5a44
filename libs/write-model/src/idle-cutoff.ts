/** The input sent nothing for `idleMs`. */
export class InputIdle extends Error {
  override readonly name = 'InputIdle';

  constructor(readonly idleMs: number) {
    super(`the body sent nothing for ${idleMs} ms`);
  }
}

/**
 * The chunks of `source`, failing with InputIdle when the next one takes longer than `idleMs` to come. Only the
 * wait for the source counts: time the consumer spends on a chunk (committing a batch) is not idleness.
 * A client that opens an import and then trickles or stops would otherwise hold its slot and a socket forever.
 * The caller closes the source (for a request: after answering it), the pending read is abandoned: a stream
 * iterator's `return` would wait for that read, which may never come.
 */
export async function* cutOffWhenIdle<T>(source: AsyncIterable<T>, idleMs: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new InputIdle(idleMs)), idleMs);
    });
    let next: IteratorResult<T>;
    try {
      next = await Promise.race([iterator.next(), idle]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}
