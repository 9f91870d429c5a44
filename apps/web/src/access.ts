import { isOperator, type Principal } from './api/session.js';
import type { Route, View } from './route.js';

/**
 * What the signed-in principal may open, so the page never offers what the API would refuse. The API
 * scopes every answer itself; this only keeps refusals off the screen.
 */
const readsGroups = (principal: Principal): boolean => principal.role !== 'manager';

/** The org is the principal's own unless it is the operator's; a manager's overview is their own unit. */
export function scopeRoute(route: Route, principal: Principal): Route {
  const org = isOperator(principal) ? route.org : principal.orgId;
  const groupView = route.view === 'overview' || route.view === 'layers' || (route.view === 'tree' && !route.id);
  if (!readsGroups(principal) && groupView) return { ...route, org, view: 'tree', id: principal.personId ?? null };
  return { ...route, org };
}

/** The header's sections, in order; a manager has their unit (and what hangs off it) and their alerts. */
export function sectionsFor(principal: Principal): { view: View; label: string }[] {
  const alerts = { view: 'alerts' as const, label: 'Alerts' };
  if (!readsGroups(principal)) return [{ view: 'tree', label: 'My unit' }, alerts];
  return [{ view: 'overview', label: 'Overview' }, { view: 'layers', label: 'Layers' }, { view: 'tree', label: 'Org tree' }, alerts];
}
