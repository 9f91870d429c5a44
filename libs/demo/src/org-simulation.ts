import type { DecisionRight, EventData, EventType, IncomingEvent } from '@orghealth/domain';
import type { Cadence } from './cadence.js';
import { memberTitle, newPerson, personId, personName, skipReportsOf, type Cast, type DelegatedPlan, type Person } from './demo-people.js';
import { EventQueue, type PendingEvent } from './event-queue.js';
import { MAX_SPAN } from './org-shape.js';
import type { Random } from './random.js';
import { APPROVAL_TOPICS, OUTCOME_TITLES, OVERRIDE_NOTES, RECLAIM_REASONS, SUCCESS_MEASURES } from './vocabulary.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Healthy managers do the rare unhealthy thing at most once per spacing,
 * which keeps them below every threshold of alerts.md in any window: one
 * reclaim among ≥ 4 plans is 25% (alert at 50%), one skip-level without the
 * manager in 90 days (alert at 3), one unilateral decision among ≥ 5 in 180
 * days is 20% (alert at 80%), one slow approval cannot move a median of ≥ 5.
 */
const SPACING = { intervention: 91 * DAY, bypass: 91 * DAY, unilateral: 181 * DAY, slowApproval: 100 * DAY };
/** A healthy approver lets requests wait below this count (alert at 10 open). */
const MAX_PENDING_APPROVALS = 5;
/**
 * No joins or moves in the last weeks: every team at `end` has had time for
 * its first 1:1s, so a new manager does not look like a neglecter.
 */
const STRUCTURE_FREEZE = 21 * DAY;
/** When the planted neglecter stops meeting all but their favourite (1:1 coverage is measured over 30 days) and stops giving feedback (90 days). */
const NEGLECT = { meetingsStop: 45 * DAY, feedbackStops: 100 * DAY };
/** From here on, every other request to a planted bottleneck is never answered. */
const BOTTLENECK_STALLS = 60 * DAY;

const DECISION_RIGHTS: readonly DecisionRight[] = ['approach', 'budget', 'hiring', 'scope'];

/** Structure changes of a year: a few reorganised reporting lines, leavers and joiners. */
export function structureChanges(people: number): { moves: number; leavers: number; joiners: number } {
  return {
    moves: Math.max(2, Math.round(people * 0.03)),
    leavers: Math.max(2, Math.round(people * 0.04)),
    joiners: Math.max(2, Math.round(people * 0.05)),
  };
}

/** Midnights (UTC) of the weekdays after `start` up to `end`: the days the org works. */
export function workingDays(start: number, end: number): number[] {
  const days: number[] = [];
  for (let day = Math.floor(start / DAY) * DAY + DAY; day <= end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

export interface SimulationInput {
  orgId: string;
  start: number;
  end: number;
  layers: number;
  cast: Cast;
  cadence: Cadence;
  /** Drives every choice of the simulation. */
  random: Random;
  /** Draws eventIds only, so ids never shift the choices. */
  ids: Random;
}

type StructureAction = { kind: 'move' } | { kind: 'leaveNotice'; leaveDay: number } | { kind: 'hireNotice'; joinDay: number };
type StructureIntent = { kind: 'leave'; person: Person } | { kind: 'join'; person: Person; manager: Person };
type PracticeIntent =
  | { kind: 'delegate'; delegator: Person; outcomeId: string; owners: Set<Person> }
  | { kind: 'intervene'; plan: DelegatedPlan }
  | { kind: 'reclaim'; plan: DelegatedPlan };

const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

function isAbove(leader: Person, person: Person): boolean {
  for (let above = person.manager; above; above = above.manager) if (above === leader) return true;
  return false;
}

function later<T>(agenda: Map<number, T[]>, day: number, item: T): void {
  const items = agenda.get(day);
  if (items) items.push(item);
  else agenda.set(day, [item]);
}

/**
 * A year of the org, one working day at a time: the structure changes of the
 * morning, then every habit that is due, merged with the events still due
 * from earlier days. Memory holds the people and what is pending, never the
 * stream.
 */
export class OrgSimulation {
  private readonly queue = new EventQueue();
  private readonly days: number[];
  private readonly schedule = new Map<number, StructureAction[]>();
  private readonly structureAgenda = new Map<number, StructureIntent[]>();
  private readonly practiceAgenda = new Map<number, PracticeIntent[]>();
  private readonly random: Random;
  private readonly cadence: Cadence;
  private people: Person[];
  private day = 0;
  private nextPersonNumber: number;
  private readonly counters = { outcome: 0, plan: 0, checkIn: 0, feedback: 0, meeting: 0, request: 0, decision: 0 };

  constructor(private readonly input: SimulationInput) {
    this.random = input.random;
    this.cadence = input.cadence;
    this.people = [...input.cast.people];
    this.nextPersonNumber = this.people.length + 1;
    this.days = workingDays(input.start, input.end);
    for (const person of this.people) {
      person.active = true;
      this.startHabits(person);
    }
    this.planStructureChanges();
  }

  *events(): Generator<IncomingEvent> {
    for (const person of this.people) {
      yield this.envelope(this.input.start, 'PersonJoined', {
        personId: person.id,
        managerId: person.manager?.id ?? null,
        name: person.name,
        title: person.title,
      });
    }
    for (this.day = 0; this.day < this.days.length; this.day++) {
      this.simulateDay();
      const until = Math.min((this.days[this.day + 1] ?? Infinity) - 1, this.input.end);
      for (let item = this.queue.popDue(until); item; item = this.queue.popDue(until)) yield this.emit(item);
    }
  }

  private emit(item: PendingEvent): IncomingEvent {
    item.onEmit?.();
    return this.envelope(item.t, item.type, item.data);
  }

  private envelope<T extends EventType>(t: number, type: T, data: EventData<T>): IncomingEvent {
    return {
      eventId: this.input.ids.uuid(),
      type,
      orgId: this.input.orgId,
      occurredAt: new Date(t).toISOString(),
      schemaVersion: 1,
      data,
      metadata: { source: 'demo' },
    } as IncomingEvent;
  }

  private nextId(kind: keyof OrgSimulation['counters'], prefix: string): string {
    return `${prefix}-${String(++this.counters[kind]).padStart(6, '0')}`;
  }

  /** A timer `gap` working days ahead on average. */
  private after(gap: number): number {
    return this.day + Math.max(1, Math.round(gap * (0.5 + this.random.next())));
  }

  private workTime(): number {
    return this.days[this.day]! + 9 * HOUR + this.random.int(0, 9 * 60 - 1) * MINUTE;
  }

  private startHabits(person: Person): void {
    const { random, cadence } = this;
    const workingDaysCount = this.days.length;
    person.phase = random.int(0, 59);
    person.rhythm = random.int(1, 5);
    this.setSlot(person, random.int(1, 5));
    person.nextFeedback = random.int(0, Math.round(cadence.feedbackGap));
    person.nextUpwardFeedback = random.int(0, Math.round(cadence.upwardFeedbackGap));
    person.nextApproval = random.int(0, Math.round(cadence.approvalGap));
    person.reviewDay = random.int(0, workingDaysCount - 1);
    person.promotionDay = random.chance(0.08) ? random.int(0, workingDaysCount - 1) : -1;
    person.nextOutcome = random.int(0, Math.round(cadence.outcomeGap));
    person.nextSkipLevel = random.int(0, Math.round(cadence.skipLevelGap));
  }

  private setSlot(person: Person, weekday: number): void {
    person.slot = weekday;
    person.extraSlot = ((weekday + 1) % 5) + 1;
  }

  /** A report under a new manager: their first 1:1 comes within three working days, feedback within a feedback gap. */
  private startReporting(person: Person): void {
    const { random, cadence } = this;
    const firstMeeting = this.days[Math.min(this.day + random.int(1, 3), this.days.length - 1)]!;
    this.setSlot(person, new Date(firstMeeting).getUTCDay());
    person.skippedLast = true;
    person.nextFeedback = this.day + Math.max(1, Math.round(cadence.feedbackGap * (0.25 + 0.75 * random.next())));
    person.nextUpwardFeedback = this.after(cadence.upwardFeedbackGap);
    person.nextApproval = this.after(cadence.approvalGap);
  }

  private planStructureChanges(): void {
    const { random } = this;
    const freeze = this.input.end - STRUCTURE_FREEZE;
    let lastDay = this.days.length - 1;
    while (lastDay > 0 && this.days[lastDay]! > freeze) lastDay--;
    const firstDay = Math.min(25, lastDay);
    const { moves, leavers, joiners } = structureChanges(this.people.length);
    const at = (day: number, action: StructureAction) => later(this.schedule, Math.max(0, day), action);
    for (let i = 0; i < moves; i++) at(random.int(firstDay, lastDay), { kind: 'move' });
    for (let i = 0; i < leavers; i++) {
      const leaveDay = random.int(firstDay, lastDay);
      at(leaveDay - random.int(5, 15), { kind: 'leaveNotice', leaveDay });
    }
    for (let i = 0; i < joiners; i++) {
      const joinDay = random.int(firstDay, lastDay);
      at(joinDay - random.int(10, 20), { kind: 'hireNotice', joinDay });
    }
  }

  private simulateDay(): void {
    const morning = this.days[this.day]! + 8 * HOUR;
    let structureEvents = 0;
    const structureAt = () => morning + structureEvents++ * MINUTE;
    for (const intent of this.structureAgenda.get(this.day) ?? []) {
      if (intent.kind === 'leave') this.leave(intent.person, structureAt());
      else this.join(intent.person, intent.manager, structureAt());
    }
    for (const action of this.schedule.get(this.day) ?? []) {
      if (action.kind === 'move') this.move(structureAt());
      else if (action.kind === 'leaveNotice') this.giveNotice(action.leaveDay);
      else this.hire(action.joinDay);
    }
    if (structureEvents > 0) this.people = this.people.filter((person) => person.active);
    for (const intent of this.practiceAgenda.get(this.day) ?? []) this.carryOut(intent);
    this.structureAgenda.delete(this.day);
    this.schedule.delete(this.day);
    this.practiceAgenda.delete(this.day);

    const weekday = new Date(morning).getUTCDay();
    for (const person of this.people) {
      const manager = person.manager;
      if (manager) this.asReport(person, manager, weekday);
      if (person.directs.length > 0) this.asManager(person, weekday);
    }
  }

  // Structure

  private leave(person: Person, t: number): void {
    if (!person.active || person.directs.length > 0) return;
    this.queue.push(t, 'PersonLeft', { personId: person.id });
    const team = person.manager!.directs;
    team.splice(team.indexOf(person), 1);
    person.active = false;
  }

  private canHire(manager: Person): boolean {
    return (
      manager.active &&
      !manager.leaving &&
      manager.pattern === null &&
      manager.layer < this.input.layers &&
      manager.directs.length > 0 &&
      manager.directs.length < MAX_SPAN
    );
  }

  private join(person: Person, plannedManager: Person, t: number): void {
    const manager = this.canHire(plannedManager) ? plannedManager : this.hiringManager();
    if (!manager) return;
    this.queue.push(t, 'PersonJoined', { personId: person.id, managerId: manager.id, name: person.name, title: person.title });
    person.manager = manager;
    person.layer = manager.layer + 1;
    person.department = manager.department;
    person.active = true;
    manager.directs.push(person);
    this.startHabits(person);
    this.startReporting(person);
    // Pay reviews and promotions wait for a first full year.
    person.reviewDay = -1;
    person.promotionDay = -1;
    this.people.push(person);
  }

  /** A lateral move: the new manager sits on the old one's layer, so no layer shifts and no cycle can form. */
  private move(t: number): void {
    for (let attempt = 0; attempt < 20; attempt++) {
      const person = this.random.pick(this.people);
      const current = person.manager;
      if (!current || person.pinned || person.leaving || person.layer < 3) continue;
      const targets = this.people.filter(
        (candidate) => candidate !== current && candidate.layer === current.layer && this.canHire(candidate),
      );
      if (targets.length === 0) continue;
      const sameDepartment = targets.filter((candidate) => candidate.department === person.department);
      const manager = this.random.pick(sameDepartment.length > 0 ? sameDepartment : targets);
      this.queue.push(t, 'ReportingLineChanged', { personId: person.id, managerId: manager.id });
      current.directs.splice(current.directs.indexOf(person), 1);
      manager.directs.push(person);
      person.manager = manager;
      person.department = manager.department;
      this.startReporting(person);
      return;
    }
  }

  private giveNotice(leaveDay: number): void {
    for (let attempt = 0; attempt < 20; attempt++) {
      const person = this.random.pick(this.people);
      if (!person.manager || person.pinned || person.leaving || person.directs.length > 0) continue;
      person.leaving = true;
      if (this.random.chance(0.3)) this.decide(person.manager, person.id, 'termination', this.workTime());
      later(this.structureAgenda, leaveDay, { kind: 'leave', person });
      return;
    }
  }

  private hiringManager(): Person | undefined {
    const managers = this.people.filter((candidate) => this.canHire(candidate));
    return managers.length > 0 ? this.random.pick(managers) : undefined;
  }

  private hire(joinDay: number): void {
    const manager = this.hiringManager();
    if (!manager) return;
    const id = personId(this.nextPersonNumber++, this.input.cast.idWidth);
    const joiner = newPerson(
      id,
      personName(this.random),
      memberTitle(manager.department, manager.layer + 1, this.random),
      manager.department,
      manager.layer + 1,
      null,
    );
    this.decide(manager, id, 'hire', this.workTime());
    later(this.structureAgenda, joinDay, { kind: 'join', person: joiner, manager });
  }

  // Habits of a report with their manager

  private asReport(person: Person, manager: Person, weekday: number): void {
    const { cadence, day } = this;
    this.oneOnOne(person, manager, weekday);
    if (manager.pattern !== 'feedbackNeglecter' && day >= person.nextFeedback) {
      this.feedback(manager, person, 0.25);
      person.nextFeedback = this.after(cadence.feedbackGap);
    }
    if (day >= person.nextUpwardFeedback) {
      this.feedback(person, manager, 0.6);
      person.nextUpwardFeedback = this.after(cadence.upwardFeedbackGap);
    }
    if (day >= person.nextApproval) {
      const approver = manager.manager && this.random.chance(0.15) ? manager.manager : manager;
      this.requestApproval(person, approver);
      person.nextApproval = this.after(cadence.approvalGap);
    }
    if (day === person.reviewDay) this.decide(manager, person.id, 'pay_change', this.workTime());
    if (day === person.promotionDay) this.decide(manager, person.id, 'promotion', this.workTime());
  }

  private oneOnOne(person: Person, manager: Person, weekday: number): void {
    switch (manager.pattern) {
      case 'micromanagerHovering':
        // Every working day with every direct: five a week against an alert at three.
        this.checkIn(manager, person, 15);
        return;
      case 'feedbackNeglecter': {
        if (weekday !== person.slot) return;
        const week = Math.floor(this.day / 5);
        const meets =
          person === manager.favourite
            ? week % 2 === 0
            : week % 8 === person.phase % 8 && this.days[this.day]! < this.input.end - NEGLECT.meetingsStop;
        if (meets) this.checkIn(manager, person, 5 * this.random.int(4, 8));
        return;
      }
      default: {
        const perWeek = this.cadence.checkInsPerWeek;
        if (weekday === person.slot) {
          if (person.skippedLast || this.random.chance(perWeek)) {
            this.checkIn(manager, person, 5 * this.random.int(4, 12));
            person.skippedLast = false;
          } else {
            person.skippedLast = true;
          }
        } else if (weekday === person.extraSlot && perWeek > 1 && this.random.chance(perWeek - 1)) {
          this.checkIn(manager, person, 5 * this.random.int(3, 6));
        }
      }
    }
  }

  private checkIn(leader: Person, report: Person, durationMinutes: number): void {
    const planIds = leader.plans
      .filter((plan) => plan.owner === report && !plan.reclaimed && plan.delegatedOn < this.day)
      .slice(-2)
      .map((plan) => plan.id);
    const roll = this.random.next();
    this.queue.push(this.workTime(), 'CheckInHeld', {
      checkInId: this.nextId('checkIn', 'CI'),
      leaderId: leader.id,
      reportId: report.id,
      durationMinutes,
      ...(planIds.length > 0 ? { planIds, progress: roll < 0.7 ? 'on_track' : roll < 0.9 ? 'at_risk' : 'off_track' } : {}),
    });
  }

  private feedback(giver: Person, receiver: Person, solicitedShare: number): void {
    const roll = this.random.next();
    this.queue.push(this.workTime(), 'FeedbackGiven', {
      feedbackId: this.nextId('feedback', 'FB'),
      giverId: giver.id,
      receiverId: receiver.id,
      kind: roll < 0.5 ? 'praise' : roll < 0.8 ? 'coaching' : 'constructive',
      solicited: this.random.chance(solicitedShare),
    });
  }

  private requestApproval(requester: Person, approver: Person): void {
    const bottleneck = approver.pattern === 'approvalBottleneck';
    if (!bottleneck && approver.pendingApprovals >= MAX_PENDING_APPROVALS) return;
    const { random } = this;
    const t = this.workTime();
    const requestId = this.nextId('request', 'AR');
    this.queue.push(t, 'ApprovalRequested', {
      requestId,
      requesterId: requester.id,
      approverId: approver.id,
      topic: random.pick(APPROVAL_TOPICS),
    });
    let hours: number;
    if (bottleneck) {
      if (t > this.input.end - BOTTLENECK_STALLS && approver.approvalsReceived++ % 2 === 0) return;
      hours = 84 + random.next() * 156;
    } else {
      const roll = random.next();
      if (roll < 0.6) hours = 0.5 + random.next() * 5.5;
      else if (roll < 0.92) hours = 6 + random.next() * 24;
      else if (roll < 0.97 || t - approver.lastSlowApproval < SPACING.slowApproval) hours = 30 + random.next() * 26;
      else {
        approver.lastSlowApproval = t;
        hours = 72 + random.next() * 68;
      }
    }
    approver.pendingApprovals++;
    this.queue.push(
      t + Math.round(hours * 60) * MINUTE,
      'ApprovalResolved',
      { requestId, outcome: random.chance(0.85) ? 'granted' : 'declined' },
      () => approver.pendingApprovals--,
    );
  }

  private decide(decider: Person, subjectId: string, kind: EventData<'DecisionMade'>['kind'], t: number): void {
    let unilateral: boolean;
    if (decider.pattern === 'decisionHoarder') {
      // Nine of ten alone: about 20 decisions in 180 days at 90%, against an alert at 5 and 80%.
      unilateral = decider.paced++ % 10 !== 9;
    } else {
      unilateral = this.random.chance(0.03) && t - decider.lastUnilateral >= SPACING.unilateral;
      if (unilateral) decider.lastUnilateral = t;
    }
    this.queue.push(t, 'DecisionMade', {
      decisionId: this.nextId('decision', 'DEC'),
      kind,
      subjectId,
      deciderId: decider.id,
      approverIds: unilateral ? (this.random.chance(0.7) ? [] : [decider.id]) : this.approversFor(decider, subjectId),
    });
  }

  /** The decider's manager and the heads of People and Finance co-sign, never the decider or the subject. */
  private approversFor(decider: Person, subjectId: string): string[] {
    const { peopleHead, financeHead } = this.input.cast;
    const approvers: string[] = [];
    for (const candidate of [decider.manager, peopleHead, financeHead]) {
      if (candidate?.active && candidate !== decider && candidate.id !== subjectId && !approvers.includes(candidate.id))
        approvers.push(candidate.id);
    }
    return approvers.slice(0, this.random.chance(0.5) ? 2 : 1);
  }

  // Habits of a manager

  private asManager(manager: Person, weekday: number): void {
    const { cadence, day, random } = this;
    if (manager.pattern === 'micromanagerReclaiming') {
      if (weekday === manager.rhythm) this.reclaimingWeek(manager);
    } else if (day >= manager.nextOutcome) {
      const outcomeId = this.frameOutcome(manager, this.workTime());
      const owners = new Set<Person>();
      for (let plans = random.int(1, Math.min(3, manager.directs.length)); plans > 0; plans--) {
        later(this.practiceAgenda, day + random.int(1, 5), { kind: 'delegate', delegator: manager, outcomeId, owners });
      }
      manager.nextOutcome = this.after(cadence.outcomeGap);
    }

    if (manager.pattern === 'micromanagerGoingAround') {
      // A weekly skip-level that leaves the manager out: about 13 in 90 days against an alert at 3.
      if (weekday === manager.rhythm) this.skipLevel(manager, false);
    } else if (day >= manager.nextSkipLevel) {
      const bypass = random.chance(0.08) && this.days[day]! - manager.lastBypass >= SPACING.bypass;
      if (this.skipLevel(manager, !bypass) && bypass) manager.lastBypass = this.days[day]!;
      manager.nextSkipLevel = this.after(cadence.skipLevelGap);
    }

    switch (manager.pattern) {
      case 'approvalBottleneck':
        // One request a day from the team on top of the usual ones, so the queue visibly grows.
        this.requestApproval(manager.directs[manager.paced++ % manager.directs.length]!, manager);
        break;
      case 'decisionHoarder':
        if (day % 8 === manager.phase % 8) {
          const subject = random.pick([...manager.directs, ...skipReportsOf(manager)]);
          this.decide(manager, subject.id, random.chance(0.25) ? 'promotion' : 'pay_change', this.workTime());
        }
        break;
      case 'feedbackNeglecter':
        if (day % 60 === manager.phase && this.days[day]! < this.input.end - NEGLECT.feedbackStops) {
          this.feedback(manager, random.pick(manager.directs), 0);
        }
        break;
    }
  }

  private frameOutcome(leader: Person, t: number): string {
    const { random } = this;
    const outcomeId = this.nextId('outcome', 'OUT');
    const coCreatedWith = random.chance(0.65)
      ? random.sample(leader.directs, random.int(1, Math.min(3, leader.directs.length))).map((p) => p.id)
      : [];
    this.queue.push(t, 'OutcomeFramed', {
      outcomeId,
      leaderId: leader.id,
      title: random.pick(OUTCOME_TITLES),
      successMeasures: random.sample(SUCCESS_MEASURES, random.int(1, 2)),
      coCreatedWith,
      dueBy: isoDate(t + random.int(30, 120) * DAY),
    });
    return outcomeId;
  }

  private delegate(delegator: Person, outcomeId: string, owner: Person, t: number): DelegatedPlan {
    const { random } = this;
    const rights = random.sample(DECISION_RIGHTS, random.int(1, 3));
    const plan: DelegatedPlan = {
      id: this.nextId('plan', 'PLAN'),
      delegator,
      owner,
      rights,
      delegatedOn: this.day,
      settled: false,
      reclaimed: false,
    };
    this.queue.push(t, 'PlanDelegated', {
      planId: plan.id,
      outcomeId,
      delegatorId: delegator.id,
      ownerId: owner.id,
      decisionRights: rights,
      ...(rights.includes('budget') ? { budgetLimit: random.int(5, 200) * 1000 } : {}),
    });
    // Check-ins name recent plans only; older ones need not stay in memory.
    delegator.plans = delegator.plans.filter((kept) => kept.delegatedOn > this.day - 60);
    delegator.plans.push(plan);
    return plan;
  }

  /**
   * A planted reclaimer delegates a plan every week and takes three of every
   * four back a day or two later: about 13 plans in 90 days, well over half
   * reclaimed, against an alert at 4 plans and 50%.
   */
  private reclaimingWeek(manager: Person): void {
    const { random } = this;
    const morning = this.days[this.day]! + 9 * HOUR;
    if (manager.paced % 4 === 0 || manager.outcomeId === null)
      manager.outcomeId = this.frameOutcome(manager, morning + random.int(0, 59) * MINUTE);
    const owner = manager.directs[manager.paced % manager.directs.length]!;
    const plan = this.delegate(manager, manager.outcomeId, owner, morning + HOUR + random.int(0, 7 * 60) * MINUTE);
    if (manager.paced++ % 4 !== 3) later(this.practiceAgenda, this.day + random.int(1, 2), { kind: 'reclaim', plan });
  }

  private skipLevel(leader: Person, managerLoopedIn: boolean): boolean {
    const reports = skipReportsOf(leader);
    if (reports.length === 0) return false;
    this.queue.push(this.workTime(), 'SkipLevelDone', {
      meetingId: this.nextId('meeting', 'SL'),
      leaderId: leader.id,
      reportId: this.random.pick(reports).id,
      managerLoopedIn,
    });
    return true;
  }

  private carryOut(intent: PracticeIntent): void {
    const { random } = this;
    switch (intent.kind) {
      case 'delegate': {
        const { delegator, outcomeId, owners } = intent;
        if (!delegator.active || delegator.directs.length === 0) return;
        const fresh = delegator.directs.filter((direct) => !owners.has(direct));
        const owner = random.pick(fresh.length > 0 ? fresh : delegator.directs);
        owners.add(owner);
        const plan = this.delegate(delegator, outcomeId, owner, this.workTime());
        if (random.chance(0.05)) later(this.practiceAgenda, this.day + random.int(3, 20), { kind: 'intervene', plan });
        return;
      }
      case 'intervene': {
        const { plan } = intent;
        const t = this.workTime();
        const delegator = plan.delegator;
        if (!delegator.active || plan.settled || t - delegator.lastIntervention < SPACING.intervention) return;
        delegator.lastIntervention = t;
        plan.settled = true;
        if (random.chance(0.4) && plan.owner.active && isAbove(delegator, plan.owner)) {
          this.queue.push(t, 'PlanOverridden', {
            planId: plan.id,
            byId: delegator.id,
            aspect: random.pick(plan.rights),
            note: random.pick(OVERRIDE_NOTES),
          });
        } else {
          plan.reclaimed = true;
          this.queue.push(t, 'PlanReclaimed', { planId: plan.id, byId: delegator.id, reason: random.pick(RECLAIM_REASONS) });
        }
        return;
      }
      case 'reclaim': {
        const { plan } = intent;
        if (plan.settled) return;
        plan.settled = true;
        plan.reclaimed = true;
        this.queue.push(this.workTime(), 'PlanReclaimed', {
          planId: plan.id,
          byId: plan.delegator.id,
          reason: random.pick(RECLAIM_REASONS),
        });
        return;
      }
      default: {
        const exhaustive: never = intent;
        throw new Error(`unhandled intent ${JSON.stringify(exhaustive)}`);
      }
    }
  }
}
