import { alertsAt, matchesStatus, RULE_ORDER, RULES, STATUS_FILTERS, statusFilterOf, type ShownAlert } from '../alerts.js';
import { orgChart } from '../api/endpoints.js';
import { AlertCard } from '../components/alert-card.js';
import { Link } from '../components/link.js';
import { Loading, Problem } from '../components/states.js';
import { formatDate } from '../format.js';
import { indexOrg, nameOf, subtreeOf, type OrgIndex } from '../org-index.js';
import { hrefFor, navigate, type Route } from '../route.js';
import { useRequest } from '../use-request.js';
import { useReadyMark } from './ready-mark.js';
import type { ViewContext } from './view-context.js';

const STATUS_LABELS = {
  active: 'open or acknowledged',
  open: 'open, not acknowledged',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  all: 'any',
} as const;

function Filters({ route, index, past }: { route: Route; index: OrgIndex; past: boolean }) {
  const heads = [...index.people.values()]
    .filter((person) => person.directs.length > 0)
    .sort((a, b) => nameOf(index, a.personId).localeCompare(nameOf(index, b.personId)));
  const set = (change: Partial<Route>) => navigate(hrefFor(route, change));
  return (
    <form class="controls alert-filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Rule{' '}
        <select name="rule" value={route.rule ?? ''} onChange={(event) => set({ rule: (event.target as HTMLSelectElement).value || null })}>
          <option value="">every rule</option>
          {RULE_ORDER.map((rule) => (
            <option key={rule} value={rule}>
              {RULES[rule].label}
            </option>
          ))}
        </select>
      </label>
      {!past && (
        <label>
          Status{' '}
          <select
            name="status"
            value={statusFilterOf(route.status)}
            onChange={(event) => set({ status: (event.target as HTMLSelectElement).value })}
          >
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Unit{' '}
        <select name="unit" value={route.unit ?? ''} onChange={(event) => set({ unit: (event.target as HTMLSelectElement).value || null })}>
          <option value="">everyone you may see</option>
          {heads.map((head) => (
            <option key={head.personId} value={head.personId}>
              {nameOf(index, head.personId)}'s unit
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/** A list of alerts as cards; `onChanged` reloads it after an acknowledgement. */
export function AlertList({
  context,
  alerts,
  index,
  onChanged,
}: {
  context: ViewContext;
  alerts: ShownAlert[];
  index: OrgIndex;
  onChanged: () => void;
}) {
  return (
    <div class="alert-list">
      {alerts.map((alert) => (
        <AlertCard
          key={alert.key}
          route={context.route}
          principal={context.principal}
          alert={alert}
          nameOf={(id) => nameOf(index, id)}
          onChanged={onChanged}
        />
      ))}
    </div>
  );
}

/** Every alert the principal may see, filtered by rule, status and unit; at a past date, what held then. */
export function Alerts(context: ViewContext) {
  const { route, instants } = context;
  const key = `${route.org}@${route.asOf ?? 'now'}`;
  const loaded = useRequest(key, async () => {
    const [alerts, people] = await Promise.all([alertsAt(route.org, route.asOf, instants), orgChart(route.org, instants.asOf)]);
    return { alerts, index: indexOrg(people) };
  });
  const status = statusFilterOf(route.status);
  const filterKey = `${route.rule ?? ''}:${status}:${route.unit ?? ''}`;
  useReadyMark(
    'alerts',
    loaded.status === 'ok' ? `${key}:${filterKey}:${loaded.data.alerts.map((alert) => alert.recorded?.status ?? 'held').join(',')}` : null,
  );
  if (loaded.status === 'loading') return <Loading what="the alerts" />;
  if (loaded.status === 'error') return <Problem problem={loaded.problem} retry={loaded.retry} what={`the alerts of ${route.org}`} />;
  const { alerts, index } = loaded.data;
  const members = route.unit ? subtreeOf(index, route.unit) : null;
  const shown = alerts.filter(
    (alert) => (!route.rule || alert.rule === route.rule) && matchesStatus(alert, status) && (!members || members.has(alert.subjectId)),
  );
  const past = route.asOf !== null;
  return (
    <div>
      <header class="view-head">
        <h1>Alerts</h1>
        <p class="subtitle">
          {past
            ? `The rules that held at the end of ${formatDate(instants.asOf)}, evaluated afresh; acknowledging is for alerts open now.`
            : 'Recorded alerts: each opens when a rule holds for a manager and resolves when it no longer does.'}
        </p>
      </header>
      <Filters route={route} index={index} past={past} />
      <p class="muted" data-shown-count={shown.length}>
        {shown.length === 0 ? 'No alerts match.' : `${shown.length} ${shown.length === 1 ? 'alert' : 'alerts'}`}
        {shown.length < alerts.length ? ` of ${alerts.length}` : ''}
      </p>
      <AlertList context={context} alerts={shown} index={index} onChanged={loaded.retry} />
    </div>
  );
}

/**
 * The active alerts about some people (a unit's members, one manager), after the page's own numbers: in
 * the background, so a drill-down step still waits for one query. `compact` lists them, else full cards.
 */
export function AlertsAbout({
  context,
  index,
  subjects,
  title,
  unit,
  more,
  compact,
}: {
  context: ViewContext;
  index: OrgIndex;
  subjects: Set<string>;
  title: string;
  unit: string;
  more: string;
  compact?: boolean;
}) {
  const { route, instants } = context;
  const loaded = useRequest(`alerts:${route.org}@${route.asOf ?? 'now'}`, (gone) => alertsAt(route.org, route.asOf, instants, gone));
  if (loaded.status === 'loading') return null;
  if (loaded.status === 'error') return <Problem problem={loaded.problem} retry={loaded.retry} what="the alerts" />;
  const about = loaded.data.filter((alert) => subjects.has(alert.subjectId) && matchesStatus(alert, 'active'));
  return (
    <section aria-labelledby="alerts-about" class="alerts-about" data-alerts-about={about.length}>
      <h2 id="alerts-about">{title}</h2>
      {about.length === 0 ? (
        <p class="muted">No alert {route.asOf ? 'held then' : 'is open'}.</p>
      ) : compact ? (
        <ul class="unit-list">
          {about.map((alert) => (
            <li key={alert.key} data-alert={alert.key} data-rule={alert.rule}>
              <span>
                {RULES[alert.rule].label}:{' '}
                <Link href={hrefFor(route, { view: 'manager', id: alert.subjectId })}>{nameOf(index, alert.subjectId)}</Link>
              </span>
              <span class="muted">{alert.recorded?.status ?? 'held then'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <AlertList context={context} alerts={about} index={index} onChanged={loaded.retry} />
      )}
      <p class="muted">
        <Link href={hrefFor(route, { view: 'alerts', id: null, unit })}>{more}</Link>
      </p>
    </section>
  );
}
