import { useEffect, useRef, useState } from 'preact/hooks';
import { scopeRoute } from './access.js';
import { ApiProblem, forgetAnswers, onSignedOut } from './api/client.js';
import { currentSession, signOut, type Principal } from './api/session.js';
import { instantsOf } from './as-of.js';
import { Loading, Problem } from './components/states.js';
import { Layout } from './layout.js';
import { onNavigation, parseRoute, type Route } from './route.js';
import { Alerts } from './views/alerts.js';
import { Layers } from './views/layers.js';
import { Manager } from './views/manager.js';
import { Overview } from './views/overview.js';
import { SignIn } from './views/sign-in.js';
import { Tree } from './views/tree.js';
import type { ViewContext } from './views/view-context.js';

const VIEWS: Record<Route['view'], (context: ViewContext) => preact.JSX.Element> = {
  overview: Overview,
  layers: Layers,
  tree: Tree,
  manager: Manager,
  alerts: Alerts,
};

type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; principal: Principal }
  | { status: 'error'; problem: ApiProblem };

/** Asks the engine who is signed in; nobody gets the sign-in page, and a session that ends on the way goes back there. */
export function App({ loadedAt }: { loadedAt: number }) {
  const [session, setSession] = useState<SessionState>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    currentSession().then(
      ({ principal }) => setSession(principal ? { status: 'signed-in', principal } : { status: 'signed-out' }),
      (error: unknown) =>
        setSession({ status: 'error', problem: error instanceof ApiProblem ? error : new ApiProblem('failed', String(error), null) }),
    );
  }, [attempt]);
  useEffect(
    () =>
      onSignedOut(() => {
        forgetAnswers();
        setSession({ status: 'signed-out' });
      }),
    [],
  );
  if (session.status === 'checking') return <Loading what="who is signed in" />;
  if (session.status === 'error')
    return <Problem problem={session.problem} retry={() => setAttempt((n) => n + 1)} what="who is signed in" />;
  if (session.status === 'signed-out') return <SignIn onSignedIn={(principal) => setSession({ status: 'signed-in', principal })} />;
  const leave = () => signOut().finally(() => setSession({ status: 'signed-out' }));
  return <Dashboard loadedAt={loadedAt} principal={session.principal} onSignOut={leave} />;
}

function Dashboard({ loadedAt, principal, onSignOut }: { loadedAt: number; principal: Principal; onSignOut: () => void }) {
  const [search, setSearch] = useState(location.search);
  useEffect(() => onNavigation(() => setSearch(location.search)), []);
  const route = scopeRoute(parseRoute(search), principal);
  useEffect(() => {
    document.title = `${route.org} · orghealth`;
  }, [route.org]);
  // Moving to another page of the dashboard starts at its top, with the keyboard there too; re-ranking
  // or a new date keeps focus where it was, on the control being used.
  const shown = useRef(`${route.view}:${route.id}`);
  useEffect(() => {
    const page = `${route.view}:${route.id}`;
    if (page === shown.current) return;
    shown.current = page;
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus();
  }, [route.view, route.id]);
  if (principal.role === 'ingest') {
    return (
      <main id="main">
        <p class="notice" role="alert" data-problem="ingest">
          This key writes events and reads nothing: sign in with a key that may read.
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </main>
    );
  }
  const View = VIEWS[route.view];
  return (
    <Layout route={route} principal={principal} onSignOut={onSignOut}>
      <View route={route} instants={instantsOf(route.asOf, loadedAt)} principal={principal} />
    </Layout>
  );
}
