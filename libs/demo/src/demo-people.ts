import type { DecisionRight } from '@orghealth/domain';
import { orgShape } from './org-shape.js';
import type { Random } from './random.js';
import { CEO_TITLE, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, type Department } from './vocabulary.js';

export const PLANTED_PATTERNS = [
  'micromanagerReclaiming',
  'micromanagerHovering',
  'micromanagerGoingAround',
  'decisionHoarder',
  'approvalBottleneck',
  'feedbackNeglecter',
] as const;
export type PlantedPattern = (typeof PLANTED_PATTERNS)[number];

/** The alert rule of alerts.md that each planted pattern makes fire for its manager, and no other. */
export const PLANTED_PATTERN_RULES = {
  micromanagerReclaiming: 'MICROMANAGEMENT',
  micromanagerHovering: 'MICROMANAGEMENT',
  micromanagerGoingAround: 'MICROMANAGEMENT',
  decisionHoarder: 'POWER_CONCENTRATION',
  approvalBottleneck: 'BOTTLENECK',
  feedbackNeglecter: 'FEEDBACK_GAP',
} as const satisfies Record<PlantedPattern, string>;

export interface DelegatedPlan {
  id: string;
  delegator: Person;
  owner: Person;
  rights: DecisionRight[];
  /** Working day it was delegated. */
  delegatedOn: number;
  /** Reclaimed or overridden: a plan is taken back at most once. */
  settled: boolean;
  reclaimed: boolean;
}

/**
 * One person of the demo org and the state of their habits. Timers hold the
 * working-day index of the next act; `last…` fields hold epoch milliseconds
 * of the last rare act, which the simulation spaces out so that a healthy
 * manager never crosses an alert threshold by chance.
 */
export interface Person {
  id: string;
  name: string;
  title: string;
  department: Department | null;
  layer: number;
  manager: Person | null;
  directs: Person[];
  active: boolean;
  pattern: PlantedPattern | null;
  /** Never moved and never leaving: planted managers, the teams their signals are measured on, their chain, the heads who co-sign decisions. */
  pinned: boolean;
  /** Has given notice; nothing new is built on them. */
  leaving: boolean;
  /** The one direct a feedback neglecter still meets. */
  favourite: Person | null;

  /** A per-person offset, so periodic acts do not all fall on the same day. */
  phase: number;
  /** Weekday (1 = Monday) of a planted manager's weekly act. */
  rhythm: number;
  /** Weekday of the weekly 1:1 with their manager, and of the second one when 1:1s are more than weekly. */
  slot: number;
  extraSlot: number;
  skippedLast: boolean;
  nextFeedback: number;
  nextUpwardFeedback: number;
  nextApproval: number;
  reviewDay: number;
  promotionDay: number;

  nextOutcome: number;
  nextSkipLevel: number;
  lastIntervention: number;
  lastUnilateral: number;
  lastBypass: number;
  lastSlowApproval: number;
  pendingApprovals: number;
  approvalsReceived: number;
  /** Acts of a planted pattern so far: drives its fixed rhythm. */
  paced: number;
  plans: DelegatedPlan[];
  outcomeId: string | null;
}

export function newPerson(
  id: string,
  name: string,
  title: string,
  department: Department | null,
  layer: number,
  manager: Person | null,
): Person {
  return {
    id,
    name,
    title,
    department,
    layer,
    manager,
    directs: [],
    active: false,
    pattern: null,
    pinned: false,
    leaving: false,
    favourite: null,
    phase: 0,
    rhythm: 1,
    slot: 1,
    extraSlot: 3,
    skippedLast: false,
    nextFeedback: 0,
    nextUpwardFeedback: 0,
    nextApproval: 0,
    reviewDay: -1,
    promotionDay: -1,
    nextOutcome: 0,
    nextSkipLevel: 0,
    lastIntervention: -Infinity,
    lastUnilateral: -Infinity,
    lastBypass: -Infinity,
    lastSlowApproval: -Infinity,
    pendingApprovals: 0,
    approvalsReceived: 0,
    paced: 0,
    plans: [],
    outcomeId: null,
  };
}

export const skipReportsOf = (person: Person): Person[] => person.directs.flatMap((direct) => direct.directs);

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

export function memberTitle(department: Department | null, layer: number, random: Random): string {
  const title = random.pick((department ?? DEPARTMENTS[0]!).memberTitles);
  return layer <= 3 || random.chance(0.3) ? `Senior ${title}` : title;
}

export interface Cast {
  /** Everyone of the starting org, top first. */
  people: Person[];
  ceo: Person;
  /** The heads of People and Finance co-sign people decisions. */
  peopleHead: Person;
  financeHead: Person;
  planted: Record<PlantedPattern, Person[]>;
  idWidth: number;
}

export const personId = (n: number, width: number) => `E${String(n).padStart(width, '0')}`;

/** The starting org: shape, names, titles by layer and department, and the managers who carry a planted pattern. */
export function castOrg(
  people: number,
  layers: number,
  planted: Record<PlantedPattern, number>,
  asked: ReadonlySet<PlantedPattern>,
  random: Random,
): Cast {
  const idWidth = Math.max(4, String(people * 2).length);
  const cast: Person[] = [];
  for (const [i, slot] of orgShape(people, layers, random).entries()) {
    const manager = slot.manager === null ? null : cast[slot.manager]!;
    const department = slot.layer === 1 ? null : slot.layer === 2 ? DEPARTMENTS[(i - 1) % DEPARTMENTS.length]! : manager!.department;
    const person = newPerson(personId(i + 1, idWidth), personName(random), '', department, slot.layer, manager);
    manager?.directs.push(person);
    cast.push(person);
  }
  for (const person of cast) {
    if (person.layer === 1) person.title = CEO_TITLE;
    else if (person.layer === 2) person.title = person.department!.headTitle;
    else if (person.directs.length > 0)
      person.title = person.layer === 3 ? person.department!.directorTitle : person.department!.managerTitle;
    else person.title = memberTitle(person.department, person.layer, random);
  }
  const ceo = cast[0]!;
  const peopleHead = cast[2]!;
  const financeHead = cast[3]!;
  for (const head of [ceo, peopleHead, financeHead]) head.pinned = true;
  return {
    people: cast,
    ceo,
    peopleHead,
    financeHead,
    planted: plant(cast, [ceo, peopleHead, financeHead], planted, asked, random),
    idWidth,
  };
}

const eligibility: Record<PlantedPattern, (person: Person) => boolean> = {
  micromanagerReclaiming: (person) => person.directs.length >= 3,
  micromanagerHovering: (person) => person.directs.length >= 3,
  micromanagerGoingAround: (person) => person.directs.length >= 3 && skipReportsOf(person).length >= 3,
  decisionHoarder: (person) => person.directs.length >= 3,
  approvalBottleneck: (person) => person.directs.length >= 3,
  feedbackNeglecter: (person) => person.directs.length >= 3,
};

/** The most constrained pattern chooses first. */
const PLANTING_ORDER: readonly PlantedPattern[] = [
  'micromanagerGoingAround',
  'feedbackNeglecter',
  'micromanagerReclaiming',
  'micromanagerHovering',
  'decisionHoarder',
  'approvalBottleneck',
];

/** Patterns take turns, one manager each per round, so a small org shows every pattern once before any twice. */
function plant(
  people: readonly Person[],
  excluded: readonly Person[],
  counts: Record<PlantedPattern, number>,
  asked: ReadonlySet<PlantedPattern>,
  random: Random,
): Record<PlantedPattern, Person[]> {
  const candidates = random.shuffle(people.filter((person) => person.directs.length > 0 && !excluded.includes(person)));
  // A neglecter with four or more directs sits further below the coverage thresholds.
  const byTeamSize = [...candidates].sort((a, b) => Number(b.directs.length >= 4) - Number(a.directs.length >= 4));
  const chosen = Object.fromEntries(PLANTED_PATTERNS.map((pattern) => [pattern, [] as Person[]])) as Record<PlantedPattern, Person[]>;
  const rounds = Math.max(...PLANTED_PATTERNS.map((pattern) => counts[pattern]));
  for (let round = 1; round <= rounds; round++) {
    for (const pattern of PLANTING_ORDER) {
      if (chosen[pattern].length >= Math.min(round, counts[pattern])) continue;
      const manager = (pattern === 'feedbackNeglecter' ? byTeamSize : candidates).find(
        (person) => person.pattern === null && eligibility[pattern](person),
      );
      if (!manager) continue;
      manager.pattern = pattern;
      chosen[pattern].push(manager);
    }
  }
  for (const pattern of asked) {
    if (chosen[pattern].length < counts[pattern]) {
      throw new RangeError(`only ${chosen[pattern].length} managers of this org can carry ${pattern}, ${counts[pattern]} asked`);
    }
  }
  for (const manager of PLANTED_PATTERNS.flatMap((pattern) => chosen[pattern])) {
    const measured = manager.pattern === 'micromanagerGoingAround' ? [...manager.directs, ...skipReportsOf(manager)] : manager.directs;
    for (const person of measured) person.pinned = true;
    for (let above: Person | null = manager; above; above = above.manager) above.pinned = true;
    if (manager.pattern === 'feedbackNeglecter') manager.favourite = random.pick(manager.directs);
  }
  return chosen;
}
