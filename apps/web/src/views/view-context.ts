import type { Principal } from '../api/session.js';
import type { Instants } from '../as-of.js';
import type { Route } from '../route.js';

/** What every view is given: where it is, which instants it asks about, and who is asking. */
export interface ViewContext {
  route: Route;
  instants: Instants;
  principal: Principal;
}
