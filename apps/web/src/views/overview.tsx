import { alertsAt, matchesStatus, RULE_ORDER, RULES } from '../alerts.js';
import { orgMetrics, trend, type GroupMetricKey, type OrgMetrics } from '../api/endpoints.js';
import { Link } from '../components/link.js';
import { Loading, Problem } from '../components/states.js';
import { Tile } from '../components/tile.js';
import { formatDate } from '../format.js';
import { hrefFor } from '../route.js';
import { useRequest } from '../use-request.js';
import { useReadyMark } from './ready-mark.js';
import type { ViewContext } from './view-context.js';

/** The overview's tiles, in the order an executive reads them: size and shape, then practices, then decisions. */
export const OVERVIEW_METRICS: GroupMetricKey[] = [
  'headcount',
  'layers',
  'avgSpanOfControl',
  'oneOnOneCoverage',
  'feedbackCoverage',
  'skipLevelCoverage',
  'delegationRate',
  'reclaimRate',
  'unilateralShare',
  'decisionConcentration',
];

/** How many alerts each rule has open (acknowledged or not), or held at a past date; each opens the Alerts view on that rule. */
function OpenAlertsByRule({ route, instants }: ViewContext) {
  const loaded = useRequest(`alerts:${route.org}@${route.asOf ?? 'now'}`, (gone) => alertsAt(route.org, route.asOf, instants, gone));
  if (loaded.status !== 'ok')
    return loaded.status === 'error' ? <Problem problem={loaded.problem} retry={loaded.retry} what="the alerts" /> : null;
  const active = loaded.data.filter((alert) => matchesStatus(alert, 'active'));
  return (
    <section aria-labelledby="open-alerts">
      <h2 id="open-alerts">{route.asOf ? 'Alerts that held then, by rule' : 'Open alerts by rule'}</h2>
      <ul class="alert-counts">
        {RULE_ORDER.map((rule) => {
          const ofRule = active.filter((alert) => alert.rule === rule);
          const unseen = ofRule.filter((alert) => alert.recorded?.status === 'open').length;
          return (
            <li key={rule} data-alert-rule={rule}>
              <Link href={hrefFor(route, { view: 'alerts', id: null, rule, status: null, unit: null })}>
                <span class="alert-count" data-count={ofRule.length}>
                  {ofRule.length}
                </span>{' '}
                {RULES[rule].label}
              </Link>
              <span class="muted">
                {route.asOf ? RULES[rule].help : ofRule.length === 0 ? 'none open' : `${unseen} not yet acknowledged`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Overview(context: ViewContext) {
  const { route, instants } = context;
  const key = `${route.org}@${instants.asOf}`;
  const metrics = useRequest(key, () => Promise.all([orgMetrics(route.org, instants.asOf), orgMetrics(route.org, instants.earlier)]));
  useReadyMark('overview', metrics.status === 'ok' ? key : null);
  if (metrics.status === 'loading') return <Loading what="the org's numbers" />;
  if (metrics.status === 'error') return <Problem problem={metrics.problem} retry={metrics.retry} what={`org ${route.org}`} />;
  const [now, before]: [OrgMetrics, OrgMetrics] = metrics.data;
  return (
    <div>
      <header class="view-head">
        <h1>{route.org}</h1>
        <p class="subtitle">
          As of {formatDate(now.asOf)}; changes are against {formatDate(before.asOf)}. Go deeper:{' '}
          <Link href={hrefFor(route, { view: 'layers', id: null })}>by layer</Link> or{' '}
          <Link href={hrefFor(route, { view: 'tree', id: null })}>through the org tree</Link>.
        </p>
      </header>
      {now.suppressed && (
        <p class="notice">This org has fewer than {now.minGroupSize} people: its numbers are not shown, to protect their privacy.</p>
      )}
      <div class="tiles">
        {OVERVIEW_METRICS.map((metric) => (
          <Tile
            key={metric}
            metric={metric}
            now={now[metric]}
            before={before[metric]}
            suppressed={now.suppressed}
            minGroupSize={now.minGroupSize}
            trend={{ key: `${key}:${metric}`, load: (gone) => trend(route.org, metric, 'org', instants.yearBefore, instants.asOf, gone) }}
          />
        ))}
      </div>
      <OpenAlertsByRule {...context} />
    </div>
  );
}
