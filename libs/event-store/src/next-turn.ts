/**
 * Resolves on a later turn of the event loop, after pending I/O and timers.
 * Loops over a store that answers synchronously call it between pages: a
 * chain of microtasks alone would hold the event loop for the whole read.
 */
export const nextTurnOfEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
