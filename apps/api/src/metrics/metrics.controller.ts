import { Controller, Headers, Inject, Param, Query, type StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  AnalyticsRuntime,
  layerMetrics,
  managerMetrics,
  managerMetricsOf,
  metricTrend,
  orgMetrics,
  unitMetrics,
  type ManagerMetrics,
} from '@orghealth/analytics';
import type { Config } from '@orghealth/config';
import type { EventStore } from '@orghealth/event-store';
import { OrgStateCache, orgStreamId } from '@orghealth/write-model';
import type { z } from 'zod';
import { CONFIG, EVENT_STORE } from '../engine/engine.module.js';
import { exportFormat } from '../exports/export-format.js';
import { exportRows } from '../exports/rows-export.js';
import { AnalyticsReads } from '../http/analytics-reads.interceptor.js';
import { ApiError } from '../http/api-error.js';
import { OrgParams, PersonParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { DifferencingGuard, suppressed } from '../privacy/differencing-guard.js';
import { Caller } from '../security/access.js';
import { PERSON_BOUND_ROLES, type Principal } from '../security/principal.js';
import { SecurityStore } from '../security/security-store.js';
import { canSee, SubtreeScope } from '../security/subtree-scope.js';
import {
  GroupMetricsListQuery,
  GroupMetricsQueryParams,
  LayerMetricsSchema,
  ManagerListQuery,
  ManagerMetricsSchema,
  MetricsQueryParams,
  TrendPointSchema,
  TrendQueryParams,
  type LayerMetricsResponse,
  type ManagerListResponse,
  type ManagerMetricsResponse,
  type OrgMetricsResponse,
  type TrendResponse,
  type UnitMetricsResponse,
} from './metrics.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/** Sorts by one metric, nulls last whatever the order; ties by personId so pages are stable. */
function compareBy(sort: keyof ManagerMetrics, order: 'asc' | 'desc') {
  const direction = order === 'asc' ? 1 : -1;
  return (a: ManagerMetrics, b: ManagerMetrics) => {
    const x = a[sort];
    const y = b[sort];
    if (x === null || y === null) return x === y ? a.personId.localeCompare(b.personId) : x === null ? 1 : -1;
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return a.personId.localeCompare(b.personId);
  };
}

/** The spec's metrics as of any instant, computed by the analytics store's SQL (metrics.md). */
@UseInterceptors(AnalyticsReads)
@Controller()
export class MetricsController {
  constructor(
    private readonly analytics: AnalyticsRuntime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly scope: SubtreeScope,
    private readonly cache: OrgStateCache,
    private readonly settings: SecurityStore,
  ) {}

  @Route(API_ROUTES.getOrgMetrics)
  async org(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(GroupMetricsQueryParams, 'query')) query: GroupMetricsQueryParams,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof OrgMetricsResponse>> {
    const { client, params, echo } = await this.prepare(orgId, query);
    const attribute = query.group;
    const metrics = await orgMetrics(client, { ...params, attribute });
    const hide =
      attribute && !metrics.suppressed && (await this.differencingGuard(caller, orgId, params.asOf))?.hidesAttributeValue(attribute);
    return { ...echo, minGroupSize: params.minGroupSize, ...(hide ? suppressed(metrics, []) : metrics) };
  }

  @Route(API_ROUTES.getLayerMetrics)
  async layers(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(GroupMetricsListQuery, 'query')) query: GroupMetricsListQuery,
    @Headers('accept') accept: string | undefined,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof LayerMetricsResponse> | StreamableFile> {
    const { client, params, echo } = await this.prepare(orgId, query);
    const hidden = (await this.differencingGuard(caller, orgId, params.asOf))?.hiddenLayers(query.group);
    const layers = (await layerMetrics(client, { ...params, attribute: query.group })).map((layer) =>
      hidden?.has(layer.layer) && !layer.suppressed ? suppressed(layer, ['layer']) : layer,
    );
    const format = exportFormat(query.format, accept);
    if (format) return exportRows(client, layers, LayerMetricsSchema, format, `${orgId}-layers`);
    return { ...echo, minGroupSize: params.minGroupSize, layers };
  }

  @Route(API_ROUTES.getUnitMetrics)
  async unit(
    @Param(new ZodValidationPipe(PersonParams, 'path')) { orgId, personId }: PersonParams,
    @Query(new ZodValidationPipe(MetricsQueryParams, 'query')) query: MetricsQueryParams,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof UnitMetricsResponse>> {
    const { client, params, echo } = await this.prepare(orgId, query);
    const unit = (await this.seesUnit(caller, orgId, personId)) ? await unitMetrics(client, { ...params, unitId: personId }) : null;
    if (!unit) throw ApiError.notFound(`person ${personId} is not active in org ${orgId} at ${echo.asOf}`);
    const hide = !unit.suppressed && (await this.differencingGuard(caller, orgId, params.asOf))?.hidesUnit(personId);
    return { ...echo, minGroupSize: params.minGroupSize, ...(hide ? suppressed(unit, ['unitId']) : unit) };
  }

  @Route(API_ROUTES.listManagerMetrics)
  async managers(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(ManagerListQuery, 'query')) query: ManagerListQuery,
    @Headers('accept') accept: string | undefined,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ManagerListResponse> | StreamableFile> {
    const { client, params, echo } = await this.prepare(orgId, query);
    const visibility = await this.scope.visibility(caller, orgId);
    const unit = query.unit === undefined ? {} : { unitId: query.unit };
    const all = (await managerMetrics(client, { ...params, ...unit }))
      .filter((metrics) => canSee(visibility, metrics.personId))
      .sort(compareBy(query.sort, query.order));
    const managers = all.slice(query.offset, query.offset + query.limit);
    const format = exportFormat(query.format, accept);
    if (format) return exportRows(client, managers, ManagerMetricsSchema, format, `${orgId}-managers`);
    return { ...echo, total: all.length, limit: query.limit, offset: query.offset, managers };
  }

  @Route(API_ROUTES.getManagerMetrics)
  async manager(
    @Param(new ZodValidationPipe(PersonParams, 'path')) { orgId, personId }: PersonParams,
    @Query(new ZodValidationPipe(MetricsQueryParams, 'query')) query: MetricsQueryParams,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ManagerMetricsResponse>> {
    const { client, params, echo } = await this.prepare(orgId, query);
    const visible = canSee(await this.scope.visibility(caller, orgId), personId);
    const metrics = visible ? await managerMetricsOf(client, { ...params, managerId: personId }) : null;
    if (!metrics) throw ApiError.notFound(`person ${personId} is not a manager in org ${orgId} at ${echo.asOf}`);
    return { ...echo, ...metrics };
  }

  @Route(API_ROUTES.getMetricTrend)
  async trend(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(TrendQueryParams, 'query')) query: TrendQueryParams,
    @Query('group') groupText: string,
    @Headers('accept') accept: string | undefined,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof TrendResponse> | StreamableFile> {
    if (query.group.kind !== 'unit' ? caller.role === 'manager' : !(await this.seesUnit(caller, orgId, query.group.unitId))) {
      throw ApiError.forbidden('a manager sees the trends of units in their own subtree only (group=unit:ID)');
    }
    const to = query.to ?? new Date();
    const { client, params } = await this.prepare(orgId, {
      asOf: to,
      ...(query.windowDays === undefined ? {} : { windowDays: query.windowDays }),
    });
    const group = query.group;
    const points = await Promise.all(
      (await metricTrend(client, { ...params, metric: query.metric, group, from: query.from, to, step: query.step })).map(async (point) => {
        const guard =
          point.suppressed || group.kind === 'org' ? undefined : await this.differencingGuard(caller, orgId, new Date(point.asOf));
        const hide =
          group.kind === 'unit'
            ? guard?.hidesUnit(group.unitId)
            : group.kind === 'layer'
              ? guard?.hiddenLayers().has(group.layer)
              : group.kind === 'attribute' && guard?.hidesAttributeValue(group);
        return hide ? { ...point, value: null, suppressed: true } : point;
      }),
    );
    const format = exportFormat(query.format, accept);
    if (format) return exportRows(client, points, TrendPointSchema, format, `${orgId}-trend`);
    return {
      orgId,
      metric: query.metric,
      group: groupText,
      step: query.step,
      windowDays: query.windowDays ?? null,
      minGroupSize: params.minGroupSize,
      points,
    };
  }

  /** Managers and executives see the group metrics of units inside their own subtree; HR analysts and admins, every unit. */
  private async seesUnit(caller: Principal, orgId: string, unitId: string): Promise<boolean> {
    return canSee(await this.scope.visibility(caller, orgId), unitId);
  }

  /**
   * Complementary suppression for the callers it protects: managers and executives, who may not read the
   * org's individual-level data. HR analysts and admins read every manager's metrics and the analytics'
   * rows directly, so hiding a big-enough group from them would hide nothing they cannot read.
   */
  private async differencingGuard(caller: Principal, orgId: string, at: Date): Promise<DifferencingGuard | undefined> {
    if (!PERSON_BOUND_ROLES.includes(caller.role)) return undefined;
    return new DifferencingGuard((await this.cache.current(orgId)).state.structure, at, this.minGroupSize(orgId));
  }

  private minGroupSize(orgId: string): number {
    return this.settings.minGroupSize(orgId) ?? this.config.minGroupSize;
  }

  /** 404 for an org with no events, 503 while the analytics are unavailable; then the query's parameters. */
  private async prepare(orgId: string, query: MetricsQueryParams) {
    if ((await this.store.streamRevision(orgStreamId(orgId))) === -1) throw ApiError.notFound(`org ${orgId} has no events`);
    const client = this.analytics.client();
    const asOf = query.asOf ?? new Date();
    const params = {
      orgId,
      asOf,
      minGroupSize: this.minGroupSize(orgId),
      ...(query.windowDays === undefined ? {} : { windowDays: query.windowDays }),
    };
    return { client, params, echo: { orgId, asOf: asOf.toISOString(), windowDays: query.windowDays ?? null } };
  }
}
