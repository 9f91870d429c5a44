import { useEffect } from 'preact/hooks';

/**
 * Marks the moment a view's own numbers are on screen (a performance mark, and `data-ready` on the page):
 * the benchmark's "first meaningful paint" and the tests' signal that a view has settled.
 */
export function useReadyMark(view: string, readyKey: string | null): void {
  useMark(view, readyKey, 'ready', `${view}:`);
}

/**
 * Marks the moment a part that fills in after its view's numbers is on screen (a unit's ranked managers):
 * a performance mark named for the part, and `data-{part}` on the page.
 */
export function usePartMark(part: 'ranking', readyKey: string | null): void {
  useMark(part, readyKey, part, '');
}

function useMark(name: string, readyKey: string | null, attribute: string, prefix: string): void {
  useEffect(() => {
    if (readyKey === null) return;
    requestAnimationFrame(() => {
      performance.mark(`orghealth:ready:${name}`, { detail: readyKey });
      document.documentElement.dataset[attribute] = `${prefix}${readyKey}`;
    });
  }, [name, readyKey]);
}
