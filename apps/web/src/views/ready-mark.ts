import { useEffect } from 'preact/hooks';

/**
 * Marks the moment a view's own numbers are on screen (a performance mark, and `data-ready` on the page):
 * the benchmark's "first meaningful paint" and the tests' signal that a view has settled.
 */
export function useReadyMark(view: string, readyKey: string | null): void {
  useEffect(() => {
    if (readyKey === null) return;
    requestAnimationFrame(() => {
      performance.mark(`orghealth:ready:${view}`, { detail: readyKey });
      document.documentElement.dataset.ready = `${view}:${readyKey}`;
    });
  }, [view, readyKey]);
}
