import { AttributeKey, AttributeValue, PersonId } from '@orghealth/domain';
import { z } from 'zod';
import { FormatQuery } from '../exports/export-format.js';
import { AsOf, AsOfQuery, PageQuery } from '../http/query.schemas.js';

const share = z.number().min(0).max(1).nullable();
const count = z.number().int().min(0);

/** Per-manager metrics, named as in the spec (metrics.md, "Per-manager metrics"). */
export const ManagerMetricsSchema = z.object({
  personId: z.string(),
  layer: z.int().min(1),
  spanOfControl: count,
  oneOnOneCoverage: share,
  checkInsPerReportPerWeek: z.number().min(0).nullable(),
  feedbackCoverage: share,
  upwardFeedbackReceived: count,
  upwardFeedbackSolicitedShare: share,
  skipLevelCoverage: share,
  skipLevelLoopInRate: share,
  outcomesFramed: count,
  coCreatedShare: share,
  delegationRate: share,
  plansDelegated: count,
  reclaimRate: share,
  openApprovals: count,
  medianApprovalHours: z.number().min(0).nullable(),
  peopleDecisions: count,
  unilateralShare: share,
});
const SORT_KEYS = Object.keys(ManagerMetricsSchema.shape) as [
  keyof z.infer<typeof ManagerMetricsSchema>,
  ...(keyof z.infer<typeof ManagerMetricsSchema>)[],
];

/** Group metrics (metrics.md, "Group metrics"); every value is null with `suppressed: true` below the privacy threshold. */
const PooledMetricsSchema = z.object({
  suppressed: z.boolean().meta({ description: 'true when the group has fewer people than minGroupSize: every value is then null' }),
  managers: count.nullable(),
  headcount: count.nullable(),
  avgSpanOfControl: z.number().min(0).nullable(),
  oneOnOneCoverage: share,
  feedbackCoverage: share,
  skipLevelCoverage: share,
  upwardFeedbackShare: share,
  delegationRate: share,
  reclaimRate: share,
  coCreatedShare: share,
  unilateralShare: share,
});
const TreeMetricsSchema = PooledMetricsSchema.extend({ decisionConcentration: share, layers: count.nullable() });

const AsOfEcho = z.object({
  orgId: z.string(),
  asOf: z.iso.datetime(),
  windowDays: z.number().nullable().meta({ description: 'The window that replaced every default, or null for the defaults' }),
});
const Threshold = z.object({ minGroupSize: z.int().meta({ description: 'Groups of fewer people are suppressed' }) });

export const OrgMetricsResponse = AsOfEcho.extend(Threshold.shape).extend(TreeMetricsSchema.shape);
export const UnitMetricsResponse = AsOfEcho.extend(Threshold.shape).extend({ unitId: z.string() }).extend(TreeMetricsSchema.shape);
export const LayerMetricsSchema = PooledMetricsSchema.extend({ layer: z.int().min(1) });
export const LayerMetricsResponse = AsOfEcho.extend(Threshold.shape).extend({
  layers: z.array(LayerMetricsSchema).meta({ description: 'The management layers at asOf, top first' }),
});
export const ManagerMetricsResponse = AsOfEcho.extend(ManagerMetricsSchema.shape);
export const ManagerListResponse = AsOfEcho.extend({
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
  managers: z.array(ManagerMetricsSchema),
});

export const MetricsQueryParams = AsOfQuery.extend({
  windowDays: z.coerce
    .number()
    .positive()
    .max(3650)
    .optional()
    .meta({ description: "Replaces every windowed metric's default window (days)" }),
});
export type MetricsQueryParams = z.infer<typeof MetricsQueryParams>;

const ATTRIBUTE_GROUP = /^attribute:([^=]*)=(.*)$/s;

/** `attribute:KEY=VALUE`: the people whose attribute KEY has VALUE at asOf. */
export const AttributeGroupParam = z
  .string()
  .regex(ATTRIBUTE_GROUP, 'must be attribute:KEY=VALUE')
  .transform((group, context) => {
    const [, key, value] = ATTRIBUTE_GROUP.exec(group)!;
    const parsed = z.object({ key: AttributeKey, value: AttributeValue }).safeParse({ key, value });
    if (!parsed.success) {
      context.addIssue({
        code: 'custom',
        message: `attribute group: ${parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`).join('; ')}`,
      });
      return z.NEVER;
    }
    return parsed.data;
  })
  .meta({ description: 'attribute:KEY=VALUE, e.g. attribute:department=Sales: only the people with that attribute value at asOf' });

/** The org-wide and per-layer metrics, of everyone or of an attribute group. */
export const GroupMetricsQueryParams = MetricsQueryParams.extend({ group: AttributeGroupParam.optional() });
export type GroupMetricsQueryParams = z.infer<typeof GroupMetricsQueryParams>;

/** A metrics list, which may also be answered as a CSV or Parquet file. */
export const MetricsListQuery = MetricsQueryParams.extend(FormatQuery.shape);
export type MetricsListQuery = z.infer<typeof MetricsListQuery>;

/** The per-layer metrics, of everyone or of an attribute group, also as a CSV or Parquet file. */
export const GroupMetricsListQuery = GroupMetricsQueryParams.extend(FormatQuery.shape);
export type GroupMetricsListQuery = z.infer<typeof GroupMetricsListQuery>;

export const ManagerListQuery = MetricsListQuery.extend(PageQuery.shape).extend({
  sort: z.enum(SORT_KEYS).default('personId').meta({ description: 'personId or any per-manager metric; nulls sort last' }),
  order: z.enum(['asc', 'desc']).default('asc'),
  unit: PersonId.optional().meta({
    description: "Only the managers of Subtree(unit) at asOf: the unit's head (when a manager) and every manager below",
  }),
});
export type ManagerListQuery = z.infer<typeof ManagerListQuery>;

const GROUP_METRIC_NAMES = Object.keys(TreeMetricsSchema.shape).filter((name) => name !== 'suppressed') as [
  Exclude<keyof z.infer<typeof TreeMetricsSchema>, 'suppressed'>,
  ...Exclude<keyof z.infer<typeof TreeMetricsSchema>, 'suppressed'>[],
];

const TREE_GROUP = /^(org|layer:[1-9][0-9]{0,2}|unit:.{1,64})$/s;

/** `org`, `layer:N`, `unit:PERSON_ID` or `attribute:KEY=VALUE`. */
export const TrendGroupParam = z
  .string()
  .transform((group, context) => {
    if (group.startsWith('attribute:')) {
      const attribute = AttributeGroupParam.safeParse(group);
      if (attribute.success) return { kind: 'attribute' as const, ...attribute.data };
      for (const issue of attribute.error.issues) context.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    if (!TREE_GROUP.test(group)) {
      context.addIssue({ code: 'custom', message: 'must be org, layer:N, unit:PERSON_ID or attribute:KEY=VALUE' });
      return z.NEVER;
    }
    if (group === 'org') return { kind: 'org' as const };
    const [kind, id] = [group.slice(0, group.indexOf(':')), group.slice(group.indexOf(':') + 1)];
    return kind === 'layer' ? { kind: 'layer' as const, layer: Number(id) } : { kind: 'unit' as const, unitId: id };
  })
  .meta({ description: 'org, layer:N, unit:PERSON_ID or attribute:KEY=VALUE' });

const MAX_TREND_WEEKS = 260;

export const TrendQueryParams = z
  .object({
    metric: z.enum(GROUP_METRIC_NAMES).meta({ description: 'A group metric (decisionConcentration and layers: org and units only)' }),
    group: TrendGroupParam,
    from: AsOf,
    to: AsOf.optional().meta({ description: 'The last point; default now. Points are counted back from it, a step apart' }),
    step: z.enum(['week']).default('week'),
    windowDays: MetricsQueryParams.shape.windowDays,
    format: FormatQuery.shape.format,
  })
  .refine((query) => query.from.getTime() <= (query.to ?? new Date()).getTime(), { path: ['from'], message: 'from must not be after to' })
  .refine((query) => ((query.to ?? new Date()).getTime() - query.from.getTime()) / (7 * 86_400_000) <= MAX_TREND_WEEKS, {
    path: ['from'],
    message: `at most ${MAX_TREND_WEEKS} weeks per trend`,
  });
export type TrendQueryParams = z.infer<typeof TrendQueryParams>;

export const TrendPointSchema = z.object({
  asOf: z.iso.datetime(),
  value: z
    .number()
    .nullable()
    .meta({ description: 'null when suppressed, when the group does not exist then, or when the ratio has no denominator' }),
  suppressed: z.boolean(),
});
export const TrendResponse = z.object({
  orgId: z.string(),
  metric: z.string(),
  group: z.string(),
  step: z.literal('week'),
  windowDays: z.number().nullable(),
  minGroupSize: z.int(),
  points: z.array(TrendPointSchema),
});
