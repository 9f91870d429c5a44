import type { RuleInputs } from '@orghealth/alerts';
import type { IncomingEvent } from '@orghealth/domain';

/**
 * A test oracle for the planted patterns: the inputs of the four alert rules
 * of alerts.md (metrics.md definitions, default windows and thresholds) for
 * every manager as of T, computed in one pass over an org's events in
 * occurredAt order. Deliberately naive and separate from any engine code, so
 * the demo org is checked against the spec, not against itself: it shares
 * the engine's names for the inputs (RuleInputs), never their computation.
 */
export type ManagerSignals = Omit<RuleInputs, 'subjectId'>;

export type Signal = 'reclaiming' | 'hovering' | 'goingAround' | 'powerConcentration' | 'bottleneck' | 'feedbackGap';

const DAY = 86_400_000;

export function firingSignals(m: ManagerSignals): Signal[] {
  const firing: Signal[] = [];
  if (m.plansDelegated >= 4 && m.reclaimRate !== null && m.reclaimRate >= 0.5) firing.push('reclaiming');
  if (m.directs >= 1 && m.checkInsPerReportPerWeek >= 3) firing.push('hovering');
  if (m.bypassingSkipLevels >= 3) firing.push('goingAround');
  if (m.peopleDecisions >= 5 && m.unilateralShare !== null && m.unilateralShare >= 0.8) firing.push('powerConcentration');
  if (m.openApprovals >= 10 || (m.approvalsResolved >= 5 && m.medianApprovalHours !== null && m.medianApprovalHours >= 72))
    firing.push('bottleneck');
  if (m.directs >= 3 && m.feedbackCoverage < 0.34 && m.oneOnOneCoverage < 0.5) firing.push('feedbackGap');
  return firing;
}

function push<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

interface Approval {
  t: number;
  resolvedAt: number | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Signals of every manager (an active person with at least one direct report) as of `asOf`. */
export function managerSignals(events: Iterable<IncomingEvent>, asOf: string): Map<string, ManagerSignals> {
  const T = Date.parse(asOf);
  const inWindow = (t: number, days: number) => t > T - days * DAY && t <= T;
  const managerOf = new Map<string, string | null>();
  const active = new Set<string>();
  const plans = new Map<string, { delegatorId: string; t: number }>();
  const plansBy = new Map<string, string[]>();
  const takenBack = new Set<string>();
  const checkIns: { leaderId: string; reportId: string; t: number }[] = [];
  const feedbackPairs = new Set<string>();
  const bypassing = new Map<string, number>();
  const approvals = new Map<string, Approval>();
  const approvalsTo = new Map<string, Approval[]>();
  const decisions = new Map<string, { count: number; unilateral: number }>();

  for (const event of events) {
    const t = Date.parse(event.occurredAt);
    if (t > T) break;
    switch (event.type) {
      case 'PersonJoined':
      case 'ReportingLineChanged':
        managerOf.set(event.data.personId, event.data.managerId);
        active.add(event.data.personId);
        break;
      case 'PersonLeft':
        active.delete(event.data.personId);
        break;
      case 'PlanDelegated':
        plans.set(event.data.planId, { delegatorId: event.data.delegatorId, t });
        push(plansBy, event.data.delegatorId, event.data.planId);
        break;
      case 'PlanReclaimed':
      case 'PlanOverridden':
        takenBack.add(`${event.data.planId}|${event.data.byId}`);
        break;
      case 'CheckInHeld':
        if (inWindow(t, 30)) checkIns.push({ leaderId: event.data.leaderId, reportId: event.data.reportId, t });
        break;
      case 'FeedbackGiven':
        if (inWindow(t, 90)) feedbackPairs.add(`${event.data.giverId}|${event.data.receiverId}`);
        break;
      case 'SkipLevelDone':
        if (inWindow(t, 90) && !event.data.managerLoopedIn)
          bypassing.set(event.data.leaderId, (bypassing.get(event.data.leaderId) ?? 0) + 1);
        break;
      case 'ApprovalRequested': {
        const approval: Approval = { t, resolvedAt: null };
        approvals.set(event.data.requestId, approval);
        push(approvalsTo, event.data.approverId, approval);
        break;
      }
      case 'ApprovalResolved': {
        const approval = approvals.get(event.data.requestId);
        if (approval) approval.resolvedAt = t;
        break;
      }
      case 'DecisionMade':
        if (inWindow(t, 180)) {
          const { deciderId, approverIds } = event.data;
          const tally = decisions.get(deciderId) ?? { count: 0, unilateral: 0 };
          tally.count++;
          if (approverIds.every((id) => id === deciderId)) tally.unilateral++;
          decisions.set(deciderId, tally);
        }
        break;
    }
  }

  const directsOf = new Map<string, string[]>();
  for (const personId of active) {
    const managerId = managerOf.get(personId);
    if (managerId) push(directsOf, managerId, personId);
  }
  const checkInsBy = new Map<string, (typeof checkIns)[number][]>();
  for (const checkIn of checkIns) push(checkInsBy, checkIn.leaderId, checkIn);
  const signals = new Map<string, ManagerSignals>();
  for (const [managerId, directs] of directsOf) {
    const team = new Set(directs);
    const delegated = (plansBy.get(managerId) ?? []).filter((planId) => inWindow(plans.get(planId)!.t, 90));
    const reclaimed = delegated.filter((planId) => takenBack.has(`${planId}|${managerId}`)).length;
    const recentCheckIns = (checkInsBy.get(managerId) ?? []).filter((c) => team.has(c.reportId));
    const met = new Set(recentCheckIns.map((c) => c.reportId));
    const checkIns28 = recentCheckIns.filter((c) => inWindow(c.t, 28)).length;
    const mine = approvalsTo.get(managerId) ?? [];
    const waits = mine
      .filter((a) => a.resolvedAt !== null && inWindow(a.resolvedAt, 90))
      .map((a) => (a.resolvedAt! - a.t) / 3_600_000)
      .sort((a, b) => a - b);
    const tally = decisions.get(managerId) ?? { count: 0, unilateral: 0 };
    signals.set(managerId, {
      directs: directs.length,
      plansDelegated: delegated.length,
      reclaimRate: ratio(reclaimed, delegated.length),
      checkInsPerReportPerWeek: checkIns28 / directs.length / 4,
      bypassingSkipLevels: bypassing.get(managerId) ?? 0,
      peopleDecisions: tally.count,
      unilateralShare: ratio(tally.unilateral, tally.count),
      openApprovals: mine.filter((a) => a.resolvedAt === null).length,
      approvalsResolved: waits.length,
      medianApprovalHours: waits.length === 0 ? null : waits[Math.floor((waits.length - 1) / 2)]!,
      feedbackCoverage: directs.filter((r) => feedbackPairs.has(`${managerId}|${r}`)).length / directs.length,
      oneOnOneCoverage: met.size / directs.length,
    });
  }
  return signals;
}
