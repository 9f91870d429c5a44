import type { Instants } from '../as-of';
import type { Route } from '../route';

/** What every view is given: where it is and which instants it asks about. */
export interface ViewContext {
  route: Route;
  instants: Instants;
}
