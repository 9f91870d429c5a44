import { unlessNotFound } from '../api/client.js';
import { managerMetrics, orgChart, trend, type GroupMetricKey } from '../api/endpoints.js';
import { COMPARE_DAYS } from '../as-of.js';
import { Breadcrumbs } from '../components/breadcrumbs.js';
import { Link } from '../components/link.js';
import { Loading, Problem } from '../components/states.js';
import { TrendLine } from '../components/trend-line.js';
import { Value } from '../components/value.js';
import { formatChange, formatDate } from '../format.js';
import { MANAGER_METRICS, metricInfo, type MetricKey } from '../metrics.js';
import { indexOrg, nameOf } from '../org-index.js';
import { hrefFor } from '../route.js';
import { useRequest } from '../use-request.js';
import { AlertsAbout } from './alerts.js';
import { useReadyMark } from './ready-mark.js';
import type { ViewContext } from './view-context.js';

/**
 * The API keeps trends for groups, not for one manager: these are of the manager's unit (them and
 * everyone below), which their own practice shapes most.
 */
const UNIT_TRENDS: (GroupMetricKey & MetricKey)[] = ['oneOnOneCoverage', 'feedbackCoverage', 'skipLevelCoverage', 'delegationRate'];

export function Manager(context: ViewContext) {
  const { route } = context;
  if (!route.id)
    return (
      <p class="notice">
        No manager chosen: pick one from a unit in the <Link href={hrefFor(route, { view: 'tree', id: null })}>org tree</Link>.
      </p>
    );
  return <ManagerPage {...context} id={route.id} />;
}

function ManagerPage(context: ViewContext & { id: string }) {
  const { route, instants, id } = context;
  const key = `${route.org}@${instants.asOf}:${id}`;
  const loaded = useRequest(key, async () => {
    const [now, people] = await Promise.all([managerMetrics(route.org, id, instants.asOf), orgChart(route.org, instants.asOf)]);
    return { now, index: indexOrg(people) };
  });
  // After the manager's own numbers, like every comparison: the step to this page waits for one query.
  const earlier = useRequest(`${route.org}@${instants.earlier}:${id}`, (gone) =>
    unlessNotFound(managerMetrics(route.org, id, instants.earlier, gone)),
  );
  useReadyMark('manager', loaded.status === 'ok' ? key : null);
  if (loaded.status === 'loading') return <Loading what="the manager" />;
  if (loaded.status === 'error') return <Problem problem={loaded.problem} retry={loaded.retry} what={`manager ${id}`} />;
  const { now, index } = loaded.data;
  const before = earlier.status === 'ok' ? earlier.data : undefined;
  const notThen = earlier.status === 'ok' && earlier.data === null;
  const person = index.people.get(id);
  const directs = (person?.directs ?? []).map((direct) => index.people.get(direct)).filter((direct) => direct !== undefined);
  return (
    <div>
      <Breadcrumbs route={route} index={index} personId={id} view="manager" />
      <header class="view-head">
        <h1>{nameOf(index, id)}</h1>
        <p class="subtitle">
          {person?.title ? `${person.title}, ` : ''}layer {now.layer}, {now.spanOfControl} direct{' '}
          {now.spanOfControl === 1 ? 'report' : 'reports'}, as of {formatDate(now.asOf)}.{' '}
          <Link href={hrefFor(route, { view: 'tree', id })}>Their unit</Link>
        </p>
      </header>
      <AlertsAbout
        context={context}
        index={index}
        subjects={new Set([id])}
        unit={id}
        title={`Alerts about ${nameOf(index, id)}`}
        more="Every alert in their unit, in Alerts"
      />
      <div class="columns lead-left">
        <section aria-labelledby="practices">
          <h2 id="practices">Leadership practices</h2>
          <div class="table-wrap">
            <table class="manager-table">
              <caption>
                Every per-manager metric, against {COMPARE_DAYS} days earlier
                {notThen ? ` (not a manager on ${formatDate(instants.earlier)})` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col">Now</th>
                  <th scope="col">{COMPARE_DAYS} days earlier</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {MANAGER_METRICS.map((metric) => (
                  <tr key={metric} data-row={metric}>
                    <th scope="row" title={metricInfo(metric).help}>
                      {metricInfo(metric).label}
                    </th>
                    <td>
                      <Value metric={metric} value={now[metric]} />
                    </td>
                    <td class="muted">{before ? <Value metric={metric} value={before[metric]} /> : '—'}</td>
                    <td class="muted" data-change={metric}>
                      {before ? formatChange(metricInfo(metric).kind, now[metric], before[metric]) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <div>
          <section aria-labelledby="unit-trends">
            <h2 id="unit-trends">Their unit over twelve months</h2>
            <p class="muted">Week by week, for {nameOf(index, id)} and everyone below them.</p>
            <ul class="trend-list">
              {UNIT_TRENDS.map((metric) => (
                <li key={metric}>
                  <span>{metricInfo(metric).label}</span>
                  <TrendLine
                    metric={metric}
                    trendKey={`${key}:${metric}`}
                    load={(gone) => trend(route.org, metric, `unit:${id}`, instants.yearBefore, instants.asOf, gone)}
                  />
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="directs">
            <h2 id="directs">Direct reports</h2>
            <ul class="unit-list">
              {directs.map((direct) => (
                <li key={direct.personId} data-direct={direct.personId}>
                  {direct.directs.length > 0 ? (
                    <Link href={hrefFor(route, { view: 'manager', id: direct.personId })}>{nameOf(index, direct.personId)}</Link>
                  ) : (
                    <span>{nameOf(index, direct.personId)}</span>
                  )}
                  <span class="muted">{direct.title ?? ''}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
