import type { ComponentChildren } from 'preact';
import { Link } from './components/link.js';
import { isoDate } from './format.js';
import { hrefFor, navigate, type Route, type View } from './route.js';

/** The sections of the dashboard, in the header's order; a new area (alerts) is one more entry and its view. */
export const SECTIONS: { view: View; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'layers', label: 'Layers' },
  { view: 'tree', label: 'Org tree' },
];

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

export function Layout({ route, children }: { route: Route; children: ComponentChildren }) {
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
            {SECTIONS.map(({ view, label }) => (
              <li key={view}>
                <Link href={hrefFor(route, { view, id: null })} current={section === view}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <OrgPicker route={route} />
        <AsOfControl route={route} />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
