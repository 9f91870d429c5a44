import type { ApiProblem } from '../api/client.js';
import { DEFAULT_ORG } from '../route.js';
import { NOT_READY_RETRY_MS } from '../use-request.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** What went wrong, in the reader's terms, and what to do about it. */
export function Problem({ problem, retry, what }: { problem: ApiProblem; retry: () => void; what: string }) {
  const again = (
    <button type="button" onClick={retry}>
      Try again
    </button>
  );
  switch (problem.kind) {
    case 'not-ready':
      return (
        <div class="problem" role="status" data-problem="not-ready">
          <h2>The analytics are not ready yet</h2>
          <p>
            The engine is still preparing its numbers ({problem.message}). This page asks again every {NOT_READY_RETRY_MS / 1000} seconds by
            itself.
          </p>
          {again}
        </div>
      );
    case 'not-found':
      return (
        <div class="problem" role="alert" data-problem="not-found">
          <h2>Nothing to show for {what}</h2>
          <p>{problem.message}.</p>
          <p>
            Check the org name in the box at the top, or the as-of date (a person may not have been here then), or open the{' '}
            <a href={`/?org=${DEFAULT_ORG}`}>demo org</a>.
          </p>
        </div>
      );
    case 'invalid':
      return (
        <div class="problem" role="alert" data-problem="invalid">
          <h2>The engine refused this request</h2>
          <p>{problem.message}</p>
          <p>
            Pick another date or <a href="/">start from the overview</a>.
          </p>
        </div>
      );
    case 'unauthorized':
      // The app has gone back to its sign-in page by the time this would show.
      return null;
    case 'forbidden':
      return (
        <div class="problem" role="alert" data-problem="forbidden">
          <h2>Not yours to see</h2>
          <p>
            The engine answered: {problem.message}. Your role may not open {what}; an admin can give you a key that may.
          </p>
        </div>
      );
    case 'unreachable':
      return (
        <div class="problem" role="alert" data-problem="unreachable">
          <h2>The engine cannot be reached</h2>
          <p>Check that it is running (npm start) and that this machine can reach it, then try again.</p>
          {again}
        </div>
      );
    case 'cancelled':
      return null;
    case 'failed':
      return (
        <div class="problem" role="alert" data-problem="failed">
          <h2>Loading {what} failed</h2>
          <p>The engine answered: {problem.message}. Its log has the details.</p>
          {again}
        </div>
      );
  }
}
