import { chainOf, nameOf, type OrgIndex } from '../org-index.js';
import { hrefFor, type Route, type View } from '../route.js';
import { Link } from './link.js';

/** The management chain above a person, top first, each a link to the same kind of page. */
export function Breadcrumbs({ route, index, personId, view }: { route: Route; index: OrgIndex; personId: string; view: View }) {
  return (
    <nav aria-label="Management chain" class="breadcrumbs">
      <ol>
        {chainOf(index, personId).map((manager) => (
          <li key={manager.personId}>
            <Link href={hrefFor(route, { view, id: manager.personId })}>{nameOf(index, manager.personId)}</Link>
          </li>
        ))}
        <li aria-current="page">{nameOf(index, personId)}</li>
      </ol>
    </nav>
  );
}
