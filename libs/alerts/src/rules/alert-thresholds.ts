import { z } from 'zod';

const count = (fallback: number) => z.int().min(0).max(1_000_000).default(fallback);
const share = (fallback: number) => z.number().min(0).max(1).default(fallback);
const amount = (fallback: number) => z.number().min(0).max(1_000_000).default(fallback);

/**
 * The thresholds of alerts.md, per org, with the spec's defaults. One schema
 * validates `PUT …/settings/alerts`, types the rules and documents the API.
 * A field left out takes its default. Each threshold is named for the metric
 * it is compared with; whether a rule fires at or above it, or below it, is
 * the spec's (and shows as `op` in every fired condition).
 */
export const AlertThresholds = z.strictObject({
  MICROMANAGEMENT: z
    .strictObject({
      plansDelegated: count(4).meta({ description: 'reclaiming: at least this many plans delegated (90 d) …' }),
      reclaimRate: share(0.5).meta({ description: '… and at least this share of them reclaimed or overridden' }),
      checkInsPerReportPerWeek: amount(3).meta({ description: 'hovering: at least this many check-ins per report per week (28 d) …' }),
      directs: count(1).meta({ description: '… with at least this many direct reports' }),
      bypassingSkipLevels: count(3).meta({
        description: 'going around managers: at least this many skip-levels without looping the manager in (90 d)',
      }),
    })
    .prefault({}),
  POWER_CONCENTRATION: z
    .strictObject({
      peopleDecisions: count(5).meta({ description: 'at least this many people decisions (180 d) …' }),
      unilateralShare: share(0.8).meta({ description: '… and at least this share of them unilateral' }),
    })
    .prefault({}),
  BOTTLENECK: z
    .strictObject({
      openApprovals: count(10).meta({ description: 'at least this many approvals waiting, or …' }),
      approvalsResolved: count(5).meta({ description: '… at least this many resolved (90 d) …' }),
      medianApprovalHours: amount(72).meta({ description: '… with a median wait of at least this many hours' }),
    })
    .prefault({}),
  FEEDBACK_GAP: z
    .strictObject({
      directs: count(3).meta({ description: 'at least this many direct reports, and …' }),
      feedbackCoverage: share(0.34).meta({ description: '… feedbackCoverage (90 d) below this, and …' }),
      oneOnOneCoverage: share(0.5).meta({ description: '… oneOnOneCoverage (30 d) below this' }),
    })
    .prefault({}),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = AlertThresholds.parse({});
