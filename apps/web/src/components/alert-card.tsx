import { useState } from 'preact/hooks';
import { conditionLabel, conditionValue, RULES, SIGNALS, type ShownAlert } from '../alerts.js';
import { ApiProblem } from '../api/client.js';
import { acknowledgeAlert } from '../api/endpoints.js';
import type { Principal } from '../api/session.js';
import { formatDate } from '../format.js';
import { hrefFor, type Route } from '../route.js';
import { Link } from './link.js';

/** Each signal that fired, each of its conditions with the measured value against its threshold. */
function Evidence({ alert }: { alert: ShownAlert }) {
  return (
    <div class="evidence">
      {alert.signals.map((signal) => (
        <div key={signal.signal} data-signal={signal.signal}>
          <h4>{SIGNALS[signal.signal]}</h4>
          <table class="evidence-table">
            <thead>
              <tr>
                <th scope="col">Measured</th>
                <th scope="col">Value</th>
                <th scope="col">Threshold</th>
                <th scope="col">Window</th>
              </tr>
            </thead>
            <tbody>
              {signal.conditions.map((condition) => (
                <tr
                  key={condition.metric}
                  data-condition={condition.metric}
                  data-value={String(condition.value)}
                  data-threshold={String(condition.threshold)}
                >
                  <th scope="row">{conditionLabel(condition.metric)}</th>
                  <td>{conditionValue(condition.metric, condition.value)}</td>
                  <td>
                    {condition.op === '>=' ? '≥' : '<'} {conditionValue(condition.metric, condition.threshold)}
                  </td>
                  <td>{condition.windowDays === null ? '—' : `${condition.windowDays} days`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

/** Who the engine will record as acknowledging (it decides from the credentials): the person a key is bound to, else its subject. */
const actorOf = (principal: Principal): string => principal.personId ?? principal.subject;

function AcknowledgeForm({
  route,
  principal,
  alertId,
  onDone,
}: {
  route: Route;
  principal: Principal;
  alertId: string;
  onDone: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="acknowledge"
      onSubmit={async (event) => {
        event.preventDefault();
        const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
        setBusy(true);
        try {
          await acknowledgeAlert(route.org, alertId, note);
          onDone();
        } catch (error) {
          // Someone else acknowledged it, or it resolved meanwhile: the list, reloaded, shows which.
          setProblem(error instanceof ApiProblem ? error.message : String(error));
          onDone();
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for={`note-${alertId}`}>Note (optional)</label>
      <textarea id={`note-${alertId}`} name="note" rows={2} maxLength={2000} placeholder="What you will do about it" />
      <button type="submit" disabled={busy}>
        {busy ? 'Acknowledging…' : `Acknowledge as ${actorOf(principal)}`}
      </button>
      {problem && (
        <p class="muted" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

const STATUS_TEXT = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const;

/** One alert: the rule, who it is about, where it stands, its evidence, and (when open now) the acknowledge form. */
export function AlertCard({
  route,
  principal,
  alert,
  nameOf,
  onChanged,
}: {
  route: Route;
  principal: Principal;
  alert: ShownAlert;
  nameOf: (personId: string) => string;
  onChanged: () => void;
}) {
  const { recorded } = alert;
  const status = recorded?.status ?? 'held';
  return (
    <article class="alert-card" data-alert={alert.key} data-rule={alert.rule} data-subject={alert.subjectId} data-status={status}>
      <header>
        <h3>
          {RULES[alert.rule].label}: <Link href={hrefFor(route, { view: 'manager', id: alert.subjectId })}>{nameOf(alert.subjectId)}</Link>
        </h3>
        <span class={`status ${status}`}>{recorded ? STATUS_TEXT[recorded.status] : 'Held then'}</span>
      </header>
      <p class="muted">
        {RULES[alert.rule].help}.{' '}
        {recorded
          ? `Opened ${formatDate(recorded.openedAt)}; evidence as of ${formatDate(recorded.signalsAt)}${recorded.resolvedAt ? `; resolved ${formatDate(recorded.resolvedAt)}` : ''}.`
          : 'Evaluated at this date with the thresholds of today.'}
      </p>
      <Evidence alert={alert} />
      {recorded?.acknowledged && (
        <p class="acknowledged" data-acknowledged-by={recorded.acknowledged.by}>
          Acknowledged by {recorded.acknowledged.by} on {formatDate(recorded.acknowledged.at)}
          {recorded.acknowledged.note ? (
            <>
              : “<span data-note>{recorded.acknowledged.note}</span>”
            </>
          ) : (
            '.'
          )}
        </p>
      )}
      {recorded?.status === 'open' && principal.personId !== recorded.subjectId && (
        <AcknowledgeForm route={route} principal={principal} alertId={recorded.alertId} onDone={onChanged} />
      )}
    </article>
  );
}
