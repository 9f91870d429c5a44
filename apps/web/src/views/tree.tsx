import { unlessNotFound } from '../api/client.js';
import { orgChart, unitManagers, unitManagersCsv, unitMetrics, type UnitMetrics } from '../api/endpoints.js';
import { DownloadCsv } from '../components/download-csv.js';
import { Breadcrumbs } from '../components/breadcrumbs.js';
import { Link } from '../components/link.js';
import { Loading, Problem } from '../components/states.js';
import { Tile } from '../components/tile.js';
import { Value } from '../components/value.js';
import { formatDate } from '../format.js';
import { MANAGER_METRICS, metricInfo, METRICS, TREE_METRICS, type ManagerMetric } from '../metrics.js';
import { indexOrg, nameOf, subtreeOf, type OrgIndex } from '../org-index.js';
import { hrefFor, navigate, type Route } from '../route.js';
import { useRequest } from '../use-request.js';
import { AlertsAbout } from './alerts.js';
import { usePartMark, useReadyMark } from './ready-mark.js';
import type { ViewContext } from './view-context.js';

const DEFAULT_RANK: ManagerMetric = 'oneOnOneCoverage';
const RANKED_SHOWN = 25;

function rankOf(route: Route): ManagerMetric {
  return MANAGER_METRICS.find((metric) => metric === route.rank) ?? DEFAULT_RANK;
}

function SubUnits({ route, index, unitId }: { route: Route; index: OrgIndex; unitId: string }) {
  const directs = (index.people.get(unitId)?.directs ?? []).map((id) => index.people.get(id)!).filter(Boolean);
  const leads = directs.filter((person) => person.directs.length > 0);
  const others = directs.length - leads.length;
  if (directs.length === 0) return <p class="notice">{nameOf(index, unitId)} has no direct reports: this unit is one person.</p>;
  return (
    <section aria-labelledby="sub-units">
      <h2 id="sub-units">Units below</h2>
      {leads.length > 0 ? (
        <ul class="unit-list">
          {leads.map((lead) => (
            <li key={lead.personId} data-unit={lead.personId}>
              <Link href={hrefFor(route, { view: 'tree', id: lead.personId })}>{nameOf(index, lead.personId)}</Link>
              <span class="muted">
                {lead.title ? `${lead.title}, ` : ''}
                {lead.directs.length} direct {lead.directs.length === 1 ? 'report' : 'reports'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No one reporting to {nameOf(index, unitId)} manages anyone.</p>
      )}
      {others > 0 && leads.length > 0 && (
        <p class="muted">
          And {others} direct {others === 1 ? 'report' : 'reports'} who {others === 1 ? 'manages' : 'manage'} no one.
        </p>
      )}
    </section>
  );
}

/**
 * The unit's managers as the API ranks them (nulls last either way). Asked after the unit's numbers and
 * shown when they come: the analytics answer one query at a time, and ranking every manager of a large
 * unit is the slowest answer of a step.
 */
function RankedManagers({ route, instants, index, unitId }: ViewContext & { index: OrgIndex; unitId: string }) {
  const metric = rankOf(route);
  const info = metricInfo(metric);
  const key = `${route.org}@${instants.asOf}:${unitId}:${metric}:${route.order}`;
  const ranked = useRequest(key, (gone) => ranking({ route, instants }, unitId, gone));
  usePartMark('ranking', ranked.status === 'ok' ? key : null);
  return (
    <section aria-labelledby="ranked">
      <h2 id="ranked">Managers in this unit, ranked</h2>
      <div class="controls">
        <label>
          Rank by{' '}
          <select
            name="rank"
            value={metric}
            onChange={(event) => navigate(hrefFor(route, { rank: (event.target as HTMLSelectElement).value }))}
          >
            {MANAGER_METRICS.map((key) => (
              <option key={key} value={key}>
                {METRICS[key].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order{' '}
          <select
            name="order"
            value={route.order}
            onChange={(event) => navigate(hrefFor(route, { order: (event.target as HTMLSelectElement).value as Route['order'] }))}
          >
            <option value="asc">lowest first</option>
            <option value="desc">highest first</option>
          </select>
        </label>
      </div>
      {ranked.status === 'loading' ? (
        <Loading what="the ranking" />
      ) : ranked.status === 'error' ? (
        <Problem problem={ranked.problem} retry={ranked.retry} what="the ranking of this unit's managers" />
      ) : ranked.data.total === 0 ? (
        <p class="notice">No managers in this unit.</p>
      ) : (
        <div class="table-wrap">
          <DownloadCsv href={unitManagersCsv(route.org, unitId, instants.asOf, metric, route.order)} />
          <table class="ranked-table">
            <caption>
              {ranked.data.total > RANKED_SHOWN
                ? `The first ${RANKED_SHOWN} of ${ranked.data.total} managers`
                : `${ranked.data.total} ${ranked.data.total === 1 ? 'manager' : 'managers'}`}{' '}
              by {info.label.toLowerCase()}
            </caption>
            <thead>
              <tr>
                <th scope="col">Manager</th>
                <th scope="col">Layer</th>
                <th scope="col">Span</th>
                <th scope="col">{info.label}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.data.managers.map((manager) => (
                <tr key={manager.personId} data-manager={manager.personId}>
                  <th scope="row">
                    <Link href={hrefFor(route, { view: 'manager', id: manager.personId })}>{nameOf(index, manager.personId)}</Link>
                  </th>
                  <td>{manager.layer}</td>
                  <td>
                    <Value metric="spanOfControl" value={manager.spanOfControl} />
                  </td>
                  <td>
                    <Value metric={metric} value={manager[metric]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The unit's numbers at once; its change against 90 days earlier follows when that answer arrives, so a
 * drill-down step waits for one query, not two.
 */
function UnitTiles({ route, instants, unit }: ViewContext & { unit: UnitMetrics }) {
  const earlier = useRequest(`${route.org}@${instants.earlier}:${unit.unitId}`, (gone) =>
    unlessNotFound(unitMetrics(route.org, unit.unitId, instants.earlier, gone)),
  );
  const before = earlier.status === 'ok' && earlier.data && !earlier.data.suppressed ? earlier.data : undefined;
  return (
    <div class="tiles compact">
      {TREE_METRICS.map((metric) => (
        <Tile
          key={metric}
          metric={metric}
          now={unit[metric]}
          before={before?.[metric]}
          suppressed={unit.suppressed}
          minGroupSize={unit.minGroupSize}
        />
      ))}
    </div>
  );
}

function Tops({ route, index }: { route: Route; index: OrgIndex }) {
  return (
    <div>
      <h1>Org tree</h1>
      <p>This org has {index.top.length} people at the top. Pick a unit:</p>
      <ul class="unit-list">
        {index.top.map((person) => (
          <li key={person.personId} data-unit={person.personId}>
            <Link href={hrefFor(route, { view: 'tree', id: person.personId })}>{nameOf(index, person.personId)}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ranking({ route, instants }: Pick<ViewContext, 'route' | 'instants'>, unitId: string, gone: AbortSignal) {
  return unitManagers(route.org, unitId, instants.asOf, rankOf(route), route.order, RANKED_SHOWN, gone);
}

/** A unit, Subtree(head): its numbers, the units below it, and its managers ranked by any metric. */
export function Tree(context: ViewContext) {
  const { route, instants } = context;
  const key = `${route.org}@${instants.asOf}:${route.id ?? ''}`;
  const loaded = useRequest(key, async (gone) => {
    const chart = orgChart(route.org, instants.asOf).then((people) => {
      const index = indexOrg(people);
      return { index, head: route.id ?? (index.top.length === 1 ? index.top[0]!.personId : null) };
    });
    const unitOf = (head: string | null) => (head ? unitMetrics(route.org, head, instants.asOf) : null);
    // A unit named in the address is asked at once; the top of the org when the chart has named it.
    const [{ index, head }, unit] = await Promise.all([chart, route.id ? unitOf(route.id) : chart.then(({ head }) => unitOf(head))]);
    // First in the background queue, before the 90-day comparison; RankedManagers finds it asked already.
    if (head) ranking(context, head, gone).catch(() => undefined);
    return { index, head, unit };
  });
  useReadyMark('tree', loaded.status === 'ok' ? key : null);
  if (loaded.status === 'loading') return <Loading what="the unit" />;
  if (loaded.status === 'error')
    return <Problem problem={loaded.problem} retry={loaded.retry} what={route.id ? `unit ${route.id}` : `the org tree of ${route.org}`} />;
  const { index, head, unit } = loaded.data;
  if (!head || !unit) {
    return index.top.length === 0 ? (
      <p class="notice">
        No one is in {route.org} as of {formatDate(instants.asOf)}.
      </p>
    ) : (
      <Tops route={route} index={index} />
    );
  }
  const members = subtreeOf(index, head);
  const headPerson = index.people.get(head);
  return (
    <div>
      <Breadcrumbs route={route} index={index} personId={head} view="tree" />
      <header class="view-head">
        <h1>{nameOf(index, head)}'s unit</h1>
        <p class="subtitle">
          {headPerson?.title ? `${headPerson.title}. ` : ''}Everyone below {nameOf(index, head)}, as of {formatDate(unit.asOf)}.{' '}
          {headPerson && headPerson.directs.length > 0 && (
            <Link href={hrefFor(route, { view: 'manager', id: head })}>{nameOf(index, head)} as a manager</Link>
          )}
        </p>
      </header>
      {unit.suppressed && (
        <p class="notice" data-suppressed-unit="true">
          This unit has fewer than {unit.minGroupSize} people: its numbers are not shown, to protect their privacy.
        </p>
      )}
      <UnitTiles {...context} unit={unit} />
      <div class="columns">
        <div>
          <SubUnits route={route} index={index} unitId={head} />
          <AlertsAbout
            context={context}
            index={index}
            subjects={members}
            unit={head}
            title="Alerts in this unit"
            more="These alerts with their evidence, in Alerts"
            compact
          />
        </div>
        <RankedManagers {...context} index={index} unitId={head} />
      </div>
    </div>
  );
}
