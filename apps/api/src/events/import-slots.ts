/**
 * Imports running per org, at most `perOrg` at once: each holds a socket, a batch in memory and the org's
 * writer, so one org (or one leaked key) opening many cannot starve the others.
 */
export class ImportSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly perOrg: number) {}

  /** A release function when a slot was free, else undefined. */
  take(orgId: string): (() => void) | undefined {
    const count = this.running.get(orgId) ?? 0;
    if (count >= this.perOrg) return undefined;
    this.running.set(orgId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(orgId) ?? 1) - 1;
      if (left === 0) this.running.delete(orgId);
      else this.running.set(orgId, left);
    };
  }
}
