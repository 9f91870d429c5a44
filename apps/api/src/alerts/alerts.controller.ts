import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AlertsEngine, RecordAlertCommand } from '@orghealth/alerts';
import type { AlertView } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import { orgStreamId } from '@orghealth/write-model';
import type { z } from 'zod';
import { EVENT_STORE } from '../engine/engine.module.js';
import { PersonalDataVault, reveal } from '../privacy/erasure/personal-data-vault.js';
import { ApiError } from '../http/api-error.js';
import { OrgParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { Caller } from '../security/access.js';
import type { Principal } from '../security/principal.js';
import { canSee, SubtreeScope, type Visibility } from '../security/subtree-scope.js';
import { toAlertApiError } from './alert-errors.js';
import {
  AcknowledgeBody,
  AlertListQuery,
  AlertParams,
  EvaluateQuery,
  type AlertDetail,
  type AlertListResponse,
  type AlertSummary,
  type EvaluationResponse,
} from './alerts.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

const summary = ({
  alertId,
  rule,
  subjectId,
  status,
  openedAt,
  updatedAt,
  resolvedAt,
  acknowledged,
  signals,
  signalsAt,
}: AlertView): z.infer<typeof AlertSummary> => ({
  alertId,
  rule,
  subjectId,
  status,
  openedAt,
  updatedAt,
  resolvedAt,
  acknowledged,
  signals,
  signalsAt,
});

/** The note opened, or left out once it cannot be. */
function withNote<T extends { note?: string }>(data: T, note: string | null): T {
  const { note: _sealed, ...rest } = data;
  return (note === null ? rest : { ...rest, note }) as T;
}

/** Alerts of alerts.md: what holds at any instant, and the recorded lifecycle. */
@Controller()
export class AlertsController {
  constructor(
    private readonly alerts: AlertsEngine,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly scope: SubtreeScope,
    private readonly vault: PersonalDataVault,
  ) {}

  @Route(API_ROUTES.evaluateAlerts)
  async evaluate(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(EvaluateQuery, 'query')) { asOf }: EvaluateQuery,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof EvaluationResponse>> {
    await this.requireOrg(orgId);
    const visibility = await this.scope.visibility(caller, orgId);
    const evaluation = await this.alerts.evaluator.findings(orgId, asOf ?? new Date());
    return { ...evaluation, findings: evaluation.findings.filter((finding) => canSee(visibility, finding.subjectId)) };
  }

  @Route(API_ROUTES.listAlerts)
  async list(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(AlertListQuery, 'query')) query: AlertListQuery,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof AlertListResponse>> {
    await this.requireOrg(orgId);
    const visibility = await this.scope.visibility(caller, orgId);
    const all = [...(await this.alerts.log.state(orgId)).alerts.values()]
      .filter((alert) => canSee(visibility, alert.subjectId))
      .filter(
        (alert) =>
          (!query.status || alert.status === query.status) &&
          (!query.rule || alert.rule === query.rule) &&
          (!query.subject || alert.subjectId === query.subject),
      )
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.alertId.localeCompare(b.alertId));
    return {
      orgId,
      total: all.length,
      limit: query.limit,
      offset: query.offset,
      alerts: all.slice(query.offset, query.offset + query.limit).map((alert) => summary(this.opened(alert))),
    };
  }

  @Route(API_ROUTES.getAlert)
  async get(
    @Param(new ZodValidationPipe(AlertParams, 'path')) { orgId, alertId }: AlertParams,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof AlertDetail>> {
    return this.detail(await this.visibleAlert(orgId, alertId, await this.scope.visibility(caller, orgId)));
  }

  @Route(API_ROUTES.acknowledgeAlert)
  async acknowledge(
    @Param(new ZodValidationPipe(AlertParams, 'path')) { orgId, alertId }: AlertParams,
    @Body(new ZodValidationPipe(AcknowledgeBody, 'body')) { note }: AcknowledgeBody,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof AlertDetail>> {
    const { subjectId } = await this.visibleAlert(orgId, alertId, await this.scope.visibility(caller, orgId));
    await this.commands
      .execute(
        new RecordAlertCommand({
          type: 'AcknowledgeAlert',
          orgId,
          at: new Date().toISOString(),
          alertId,
          by: caller.personId ?? caller.subject,
          ...(caller.personId === undefined ? {} : { byPersonId: caller.personId }),
          // Sealed with the key of the person the alert is about before it is recorded: erasing them erases it.
          ...(note === undefined ? {} : { note: this.vault.seal(orgId, subjectId, note) }),
        }),
      )
      .catch((error: unknown) => {
        throw toAlertApiError(error);
      });
    return this.detail((await this.alerts.log.state(orgId)).alerts.get(alertId)!);
  }

  /** The alert with its acknowledgement note opened; null once the subject's personal data is erased. */
  private opened(alert: AlertView): AlertView {
    const open = (note: unknown) => reveal(this.vault, alert.orgId, alert.subjectId, typeof note === 'string' ? note : undefined) ?? null;
    return {
      ...alert,
      acknowledged: alert.acknowledged && { ...alert.acknowledged, note: open(alert.acknowledged.note) },
      history: alert.history.map((event) =>
        event.type === 'AlertAcknowledged' && event.data.note !== undefined
          ? { ...event, data: withNote(event.data, open(event.data.note)) }
          : event,
      ),
    };
  }

  private detail(sealed: AlertView): z.infer<typeof AlertDetail> {
    const alert = this.opened(sealed);
    const org = encodeURIComponent(alert.orgId);
    const asOf = encodeURIComponent(alert.signalsAt);
    return {
      ...summary(alert),
      evidence: {
        asOf: alert.signalsAt,
        signals: alert.signals,
        links: {
          managerMetrics: `/v1/orgs/${org}/metrics/managers/${encodeURIComponent(alert.subjectId)}?asOf=${asOf}`,
          evaluation: `/v1/orgs/${org}/alerts/evaluate?asOf=${asOf}`,
        },
      },
      history: alert.history.map(({ eventId, type, occurredAt, data }) => ({ eventId, type, occurredAt, data })),
    };
  }

  /** The alert, or the same 404 whether it does not exist or names someone the caller may not see. */
  private async visibleAlert(orgId: string, alertId: string, visibility: Visibility): Promise<AlertView> {
    const alert = (await this.alerts.log.state(orgId)).alerts.get(alertId);
    if (!alert || !canSee(visibility, alert.subjectId)) throw ApiError.notFound(`org ${orgId} has no alert ${alertId}`);
    return alert;
  }

  private async requireOrg(orgId: string): Promise<void> {
    if ((await this.store.streamRevision(orgStreamId(orgId))) === -1) throw ApiError.notFound(`org ${orgId} has no events`);
  }
}
