/**
 * Keeps readers and a swap of the analytics tables apart in this process: a
 * read (all the queries of one request) runs wholly before or wholly after
 * a swap, never across it, so it sees the old tables or the new ones and
 * never some of each. A swap waits for the reads under way and holds new
 * ones back while it runs (a few metadata statements).
 */
export class SwapGate {
  private readers = 0;
  private swapping: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  async read<T>(work: () => Promise<T>): Promise<T> {
    while (this.swapping) await this.swapping;
    this.readers++;
    try {
      return await work();
    } finally {
      if (--this.readers === 0) this.drained?.();
    }
  }

  async swap<T>(work: () => Promise<T>): Promise<T> {
    while (this.swapping) await this.swapping;
    let release!: () => void;
    this.swapping = new Promise((resolve) => (release = resolve));
    try {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      return await work();
    } finally {
      this.drained = undefined;
      this.swapping = undefined;
      release();
    }
  }
}
