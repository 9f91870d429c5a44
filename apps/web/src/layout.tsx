import type { ComponentChildren } from 'preact';
import { sectionsFor } from './access.js';
import { isOperator, type Principal } from './api/session.js';
import { Link } from './components/link.js';
import { isoDate } from './format.js';
import { hrefFor, navigate, type Route } from './route.js';

function OrgPicker({ route }: { route: Route }) {
  return (
    <form
      class="org-picker"
      onSubmit={(event) => {
        event.preventDefault();
        const org = new FormData(event.currentTarget).get('org');
        if (typeof org === 'string' && org.trim()) navigate(hrefFor(route, { org: org.trim(), view: 'overview', id: null }));
      }}
    >
      <label for="org">Org</label>
      <input id="org" name="org" defaultValue={route.org} key={route.org} size={14} autocomplete="off" spellcheck={false} />
      <button type="submit">Open</button>
    </form>
  );
}

const EARLIEST_YEAR = 1970;

/** Time travel: every view moves to the end of the chosen day; the date stays in the address. */
function AsOfControl({ route }: { route: Route }) {
  return (
    <div class="as-of">
      <label for="as-of">As of</label>
      <input
        id="as-of"
        name="asOf"
        type="date"
        max={isoDate(Date.now())}
        value={route.asOf ?? ''}
        onChange={(event) => {
          const value = (event.target as HTMLInputElement).value;
          // Typing a year digit by digit passes through years like 0002: wait for a real one.
          if (value && Number(value.slice(0, 4)) < EARLIEST_YEAR) return;
          navigate(hrefFor(route, { asOf: value || null }));
        }}
      />
      {route.asOf ? (
        <button type="button" onClick={() => navigate(hrefFor(route, { asOf: null }))}>
          Now
        </button>
      ) : (
        <span class="muted">now</span>
      )}
    </div>
  );
}

/** Who is signed in, and the way out. */
function SignedIn({ principal, onSignOut }: { principal: Principal; onSignOut: () => void }) {
  const who = isOperator(principal)
    ? 'operator'
    : `${principal.role.replace('_', ' ')}${principal.personId ? ` ${principal.personId}` : ''}, ${principal.orgId}`;
  return (
    <div class="signed-in" data-signed-in={principal.role}>
      <span class="muted">{who}</span>
      <button type="button" class="link-button" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}

export function Layout({
  route,
  principal,
  onSignOut,
  children,
}: {
  route: Route;
  principal: Principal;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const section = route.view === 'manager' ? 'tree' : route.view;
  return (
    <>
      <a class="skip" href="#main">
        Skip to the numbers
      </a>
      <header class="top">
        <Link class="brand" href={hrefFor(route, { view: 'overview', id: null })}>
          orghealth
        </Link>
        <nav aria-label="Sections">
          <ul>
            {sectionsFor(principal).map(({ view, label }) => (
              <li key={view}>
                <Link href={hrefFor(route, { view, id: null })} current={section === view}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {isOperator(principal) && <OrgPicker route={route} />}
        <AsOfControl route={route} />
        <SignedIn principal={principal} onSignOut={onSignOut} />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
