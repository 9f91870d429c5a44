import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from './api/client.js';

export type Loaded<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; problem: ApiProblem };

/** While the analytics are not ready the engine says so with a 503: ask again by itself after this long. */
export const NOT_READY_RETRY_MS = 5000;

function asProblem(error: unknown): ApiProblem {
  return error instanceof ApiProblem ? error : new ApiProblem('failed', String(error), null);
}

/**
 * Loads what a view shows and re-loads when `key` changes; an answer to an older key is dropped.
 * `retry` asks again, and a not-ready answer retries by itself. `gone` aborts when the answer is no longer
 * wanted (the key changed, the view left): background requests still waiting their turn are dropped.
 */
export function useRequest<T>(key: string, load: (gone: AbortSignal) => Promise<T>): Loaded<T> & { retry: () => void } {
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: { status: 'loading' } });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    const gone = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Asking again about the same thing keeps what is on screen (an answer, or the problem) until the answer.
    setState((previous) => (previous.key === key ? previous : { key, loaded: { status: 'loading' } }));
    load(gone.signal).then(
      (data) => current && setState({ key, loaded: { status: 'ok', data } }),
      (error: unknown) => {
        if (!current) return;
        const problem = asProblem(error);
        setState({ key, loaded: { status: 'error', problem } });
        if (problem.kind === 'not-ready') timer = setTimeout(() => setAttempt((n) => n + 1), NOT_READY_RETRY_MS);
      },
    );
    return () => {
      current = false;
      gone.abort();
      clearTimeout(timer);
    };
  }, [key, attempt]);
  const loaded = state.key === key ? state.loaded : { status: 'loading' as const };
  return { ...loaded, retry: () => setAttempt((n) => n + 1) };
}
