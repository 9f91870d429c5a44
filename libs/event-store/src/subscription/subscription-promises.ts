/**
 * The two promises of a subscription whose run is `ended`: `done` for the
 * caller, and `stopped`, which never rejects, for close() and the store's
 * bookkeeping. `done` is a promise of its own that only the caller handles:
 * a failure nobody awaits then surfaces as an unhandled rejection instead of
 * vanishing.
 */
export function subscriptionPromises(ended: Promise<void>): { done: Promise<void>; stopped: Promise<void> } {
  return {
    done: ended.then(() => undefined),
    stopped: ended.then(
      () => undefined,
      () => undefined,
    ),
  };
}
