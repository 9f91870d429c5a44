import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.js';
import { signIn, type Principal } from '../api/session.js';

function reason(error: unknown): string {
  if (!(error instanceof ApiProblem)) return String(error);
  if (error.kind === 'unauthorized') return 'That key or token is not valid: it may be mistyped, expired or revoked.';
  if (error.kind === 'unreachable') return 'The engine cannot be reached. Check that it is running, then try again.';
  return error.message;
}

/** Shown when nobody is signed in: a pasted API key or SSO token is exchanged for a session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: (principal: Principal) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in-page">
      <form
        class="sign-in"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const credential = String(new FormData(form).get('credential') ?? '').trim();
          if (!credential) return setProblem('Paste an API key or an SSO token first.');
          setBusy(true);
          try {
            const { principal } = await signIn(credential);
            form.reset();
            if (principal) onSignedIn(principal);
          } catch (error) {
            setProblem(reason(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>Sign in to orghealth</h1>
        <p class="muted">
          Paste the API key an admin gave you (<code>ohk_…</code>) or your SSO token. It is sent once; the engine keeps you signed in with a
          cookie this page cannot read, for the day.
        </p>
        <label for="credential">API key or SSO token</label>
        <input
          id="credential"
          name="credential"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          aria-describedby={problem ? 'sign-in-problem' : undefined}
        />
        {problem && (
          <p id="sign-in-problem" class="problem" role="alert" data-problem="sign-in">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
