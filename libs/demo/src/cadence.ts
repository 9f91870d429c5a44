import type { PlantedPattern } from './demo-people.js';

/**
 * How often healthy leaders practise, in working days between two acts
 * (check-ins per week for 1:1s). One intensity knob scales them all so a
 * requested volume of events is met; the clamps keep every healthy manager
 * clear of the alert rules whatever the volume: 1:1s between every other week
 * and twice a week (hovering starts at 3), feedback to each direct at least
 * every 60 working days (coverage is measured over 90 days).
 */
export interface Cadence {
  checkInsPerWeek: number;
  feedbackGap: number;
  upwardFeedbackGap: number;
  approvalGap: number;
  skipLevelGap: number;
  outcomeGap: number;
}

/** A timer set `gap` working days ahead waits at most one and a half gaps: 60 working days is 84 days, inside the 90 of feedback coverage. */
const MAX_FEEDBACK_GAP = 40;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function cadenceAt(intensity: number): Cadence {
  return {
    checkInsPerWeek: clamp(0.9 * intensity, 0.5, 2),
    feedbackGap: clamp(22 / intensity, 4, MAX_FEEDBACK_GAP),
    upwardFeedbackGap: clamp(80 / intensity, 10, 400),
    approvalGap: clamp(16 / intensity, 3, 250),
    skipLevelGap: clamp(12 / intensity, 3, 60),
    outcomeGap: clamp(40 / intensity, 10, 120),
  };
}

/**
 * Weekly 1:1s held with probability c, but never skipped twice in a row: the
 * share held is 1 / (2 − c). Above one a week, a second slot is held with
 * probability c − 1.
 */
function checkInsPerWeekHeld(checkInsPerWeek: number): number {
  return checkInsPerWeek <= 1 ? 1 / (2 - checkInsPerWeek) : checkInsPerWeek;
}

/** What the expected volume of a year depends on, counted on the starting org. */
export interface Census {
  people: number;
  workingDays: number;
  /** Structure events after the initial joins, with the decisions that come with them. */
  structureEvents: number;
  /** Per manager: span, skip-level reports, and whether a planted pattern replaces the practice named. */
  managers: readonly { directs: number; skipReports: number; pattern: PlantedPattern | null }[];
}

const MIN_INTENSITY = 0.1;
const MAX_INTENSITY = 8;

/** Events a year of the starting org yields at this cadence; planted patterns add their own pace. */
export function expectedEvents(census: Census, cadence: Cadence): number {
  const days = census.workingDays;
  const weeks = days / 5;
  const pairs = census.people - 1;
  let events = census.people + census.structureEvents;
  events += pairs * days * (1 / cadence.feedbackGap + 1 / cadence.upwardFeedbackGap + 2 / cadence.approvalGap);
  // Pay reviews and the occasional promotion.
  events += pairs * 1.08;
  for (const { directs, skipReports, pattern } of census.managers) {
    const oneOnOnes = weeks * checkInsPerWeekHeld(cadence.checkInsPerWeek);
    if (pattern === 'micromanagerHovering') events += directs * days;
    else if (pattern === 'feedbackNeglecter') events += weeks / 2 + ((directs - 1) * weeks) / 8 - (directs * days) / cadence.feedbackGap;
    else events += directs * oneOnOnes;
    if (pattern === 'micromanagerGoingAround') events += weeks;
    else if (skipReports > 0) events += days / cadence.skipLevelGap;
    if (pattern === 'micromanagerReclaiming') events += weeks * (1.25 + 0.75);
    else events += (days / cadence.outcomeGap) * (1 + (1 + Math.min(3, directs)) / 2);
    if (pattern === 'approvalBottleneck') events += days * 1.6;
    if (pattern === 'decisionHoarder') events += days / 8;
  }
  return events;
}

/**
 * The cadence whose expected volume is `eventsPerPersonPerYear` per starting
 * person. A volume out of reach is an error when it was asked for, and the
 * nearest reachable one when it is only the default (planted patterns weigh
 * heavily in a tiny org).
 */
export function tuneCadence(census: Census, eventsPerPersonPerYear: number, asked: boolean): Cadence {
  const low = expectedEvents(census, cadenceAt(MIN_INTENSITY));
  const high = expectedEvents(census, cadenceAt(MAX_INTENSITY));
  let target = eventsPerPersonPerYear * census.people;
  if (target < low || target > high) {
    if (asked) {
      throw new RangeError(
        `${eventsPerPersonPerYear} events per person per year is out of reach for this org: ${Math.ceil(low / census.people)}..${Math.floor(high / census.people)}`,
      );
    }
    target = Math.min(high, Math.max(low, target));
  }
  let lowIntensity = MIN_INTENSITY;
  let highIntensity = MAX_INTENSITY;
  for (let i = 0; i < 50; i++) {
    const mid = (lowIntensity + highIntensity) / 2;
    if (expectedEvents(census, cadenceAt(mid)) > target) highIntensity = mid;
    else lowIntensity = mid;
  }
  return cadenceAt(lowIntensity);
}
