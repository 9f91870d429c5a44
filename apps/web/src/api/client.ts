/**
 * The one way the dashboard talks to the engine: every request goes through `fetchJson`. Credentials are the
 * session cookie, which the browser sends and no script can read; every request carries the CSRF header the
 * engine requires of a change made with that cookie (docs/security.md).
 */
export type ProblemKind = 'not-ready' | 'not-found' | 'invalid' | 'unauthorized' | 'forbidden' | 'unreachable' | 'failed' | 'cancelled';

const CSRF = { 'x-orghealth-csrf': '1' };
const SIGNED_OUT = 'orghealth:signed-out';
export const SESSION = '/v1/session';

export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

type Query = Record<string, string | number | undefined>;

function kindOf(status: number): ProblemKind {
  if (status === 503) return 'not-ready';
  if (status === 404) return 'not-found';
  if (status === 400) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return 'failed';
}

// Answers about a fixed instant do not change while the page is open: asking again (the back button,
// a tile shown twice) costs nothing. Failures are forgotten so a retry asks afresh.
const answers = new Map<string, Promise<unknown>>();

async function fetchJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/json', ...CSRF, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiProblem('unreachable', 'The engine cannot be reached.', null);
  }
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) {
    // The session ended (expired, signed out elsewhere, its key revoked): the app goes back to its sign-in.
    if (response.status === 401 && url !== SESSION) window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiProblem(kindOf(response.status), body?.message ?? response.statusText, response.status);
  }
  return body as T;
}

/** A change (or a question that must not be kept, like who is signed in): never cached. */
export function sendJson<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return fetchJson<T>(path, { method, body });
}

/** Another principal sees other answers: nothing kept from the last one may be shown. */
export function forgetAnswers(): void {
  answers.clear();
}

export function onSignedOut(listener: () => void): () => void {
  window.addEventListener(SIGNED_OUT, listener);
  return () => window.removeEventListener(SIGNED_OUT, listener);
}

// The analytics answer one query at a time: trends and comparisons, which a view shows after its own
// numbers, wait their turn one by one, and are dropped when the view that wanted them has gone, so the
// next view's numbers are not queued behind them.
const BACKGROUND_AT_ONCE = 1;
let backgroundRunning = 0;
const backgroundTurns: (() => void)[] = [];

function inBackground<T>(url: string, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const drop = () => {
      const turn = backgroundTurns.indexOf(start);
      if (turn >= 0) backgroundTurns.splice(turn, 1);
      reject(new ApiProblem('cancelled', 'no longer needed', null));
    };
    const start = () => {
      signal.removeEventListener('abort', drop);
      backgroundRunning++;
      fetchJson<T>(url)
        .then(resolve, reject)
        .finally(() => {
          backgroundRunning--;
          backgroundTurns.shift()?.();
        });
    };
    if (signal.aborted) return drop();
    if (backgroundRunning < BACKGROUND_AT_ONCE) return start();
    backgroundTurns.push(start);
    signal.addEventListener('abort', drop, { once: true });
  });
}

/** The path with the query's defined values. */
export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return params.size > 0 ? `${path}?${params}` : path;
}

/** `background`: the request waits its turn behind other background requests, and is dropped if this aborts first. */
export function getJson<T>(path: string, query: Query = {}, background?: AbortSignal): Promise<T> {
  const url = withQuery(path, query);
  const known = answers.get(url);
  if (known) return known as Promise<T>;
  const answer = background ? inBackground<T>(url, background) : fetchJson<T>(url);
  answers.set(url, answer);
  answer.catch(() => answers.get(url) === answer && answers.delete(url));
  return answer;
}

/** Null for a 404 (someone who was not there then); any other failure stays one. */
export function unlessNotFound<T>(answer: Promise<T>): Promise<T | null> {
  return answer.catch((error: unknown) => {
    if (error instanceof ApiProblem && error.kind === 'not-found') return null;
    throw error;
  });
}
