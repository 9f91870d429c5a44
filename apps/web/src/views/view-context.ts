import type { Instants } from '../as-of.js';
import type { Route } from '../route.js';

/** What every view is given: where it is and which instants it asks about. */
export interface ViewContext {
  route: Route;
  instants: Instants;
}
