/** Everything a view depends on lives in the address, so any view can be shared or bookmarked as it is. */
export type View = 'overview' | 'layers' | 'tree' | 'manager' | 'alerts';

export interface Route {
  org: string;
  /** `YYYY-MM-DD`: the view as it stood at the end of that day (UTC); null for now. */
  asOf: string | null;
  view: View;
  /** The unit's head (tree) or the manager (manager). */
  id: string | null;
  /** The metric the unit's managers are ranked by, and which end first. */
  rank: string | null;
  order: 'asc' | 'desc';
  /** The alerts view's filters: a rule, a status, a unit (its head). */
  rule: string | null;
  status: string | null;
  unit: string | null;
}

export const DEFAULT_ORG = 'demo-acme';
const VIEWS: readonly View[] = ['overview', 'layers', 'tree', 'manager', 'alerts'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search);
  const view = params.get('view') as View | null;
  const asOf = params.get('asOf');
  return {
    org: params.get('org')?.trim() || DEFAULT_ORG,
    asOf: asOf && DATE.test(asOf) ? asOf : null,
    view: view && VIEWS.includes(view) ? view : 'overview',
    id: params.get('id') || null,
    rank: params.get('rank') || null,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    rule: params.get('rule') || null,
    status: params.get('status') || null,
    unit: params.get('unit') || null,
  };
}

/** The address of `change` applied to `from`; org and as-of carry over unless changed. */
export function hrefFor(from: Route, change: Partial<Route>): string {
  const route = { ...from, ...change };
  const params = new URLSearchParams();
  if (route.org !== DEFAULT_ORG) params.set('org', route.org);
  if (route.view !== 'overview') params.set('view', route.view);
  if (route.id) params.set('id', route.id);
  if (route.asOf) params.set('asOf', route.asOf);
  if (route.rank) params.set('rank', route.rank);
  if (route.order === 'desc') params.set('order', 'desc');
  for (const filter of ['rule', 'status', 'unit'] as const) if (route[filter]) params.set(filter, route[filter]);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

const NAVIGATED = 'orghealth:navigated';

/** Moves to another view without reloading the page; the back button returns. */
export function navigate(href: string): void {
  history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function onNavigation(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}
