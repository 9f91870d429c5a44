import { Instant, OrgId, type IncomingEvent } from '@orghealth/domain';
import { expectedEvents, tuneCadence, type Census } from './cadence.js';
import { castOrg, PLANTED_PATTERNS, skipReportsOf, type Cast, type PlantedPattern } from './demo-people.js';
import { defaultLayers, MAX_LAYERS, MIN_LAYERS } from './org-shape.js';
import { OrgSimulation, structureChanges, workingDays } from './org-simulation.js';
import { Random, seedFrom } from './random.js';

export interface DemoOrgOptions {
  /** Default `demo-acme`. */
  orgId?: string;
  /** Head count at the start of the year, 20..100,000; default 300, or `totalEvents` / 100 when that is given. */
  people?: number;
  /** Same seed and options, same events; default 1. */
  seed?: number;
  /** ISO instant; the year of activity is the 365 days before it. Default: now, so pass it for reproducible output. */
  end?: string;
  /** 4..7; default grows with head count (300 people: 5, 10,000: 7). */
  layers?: number;
  /** Default 100 (or the nearest reachable in a tiny org). Give this or `totalEvents`, not both. */
  eventsPerPersonPerYear?: number;
  /** Approximate size of the stream; 1,000,000 for 10,000 people is 100 per person. */
  totalEvents?: number;
  /** Managers carrying each pattern; default 2 each where the org has room (fewer in a tiny org), 0 allowed. */
  planted?: Partial<Record<PlantedPattern, number>>;
}

export interface DemoOrgPlan {
  orgId: string;
  seed: number;
  /** Everyone of the starting org joins at this instant. */
  start: string;
  end: string;
  /** Head count at `start`. */
  people: number;
  layers: number;
  ceoId: string;
  /** What the stream should hold, within a few percent. */
  expectedEvents: number;
  /** Disjoint; each manager meets the rule of PLANTED_PATTERN_RULES as of `end` and no other. */
  planted: Record<PlantedPattern, string[]>;
}

export interface DemoOrg {
  plan: DemoOrgPlan;
  /** Generated afresh on each iteration, lazily and in occurredAt order; every event passes the rules when recorded in this order. */
  events: Iterable<IncomingEvent>;
}

const YEAR_MS = 365 * 24 * 3_600_000;
const DEFAULT_PLANTED = 2;

interface Settings {
  orgId: string;
  people: number;
  seed: number;
  start: number;
  end: number;
  layers: number;
  eventsPerPersonPerYear: number;
  volumeAsked: boolean;
  planted: Record<PlantedPattern, number>;
  /** Patterns whose count was asked for explicitly: falling short of those is an error, not a quiet degrade. */
  plantedAsked: Set<PlantedPattern>;
}

function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  return value;
}

function settingsOf(options: DemoOrgOptions): Settings {
  const orgId = options.orgId ?? 'demo-acme';
  if (!OrgId.safeParse(orgId).success)
    throw new RangeError(`orgId ${JSON.stringify(orgId)} must be 1..64 characters of A-Z, a-z, 0-9, _ or -`);
  const sizedByEvents = options.totalEvents === undefined ? 300 : Math.min(100_000, Math.max(20, Math.round(options.totalEvents / 100)));
  const people = requireInteger('people', options.people ?? sizedByEvents, 20, 100_000);
  const seed = requireInteger('seed', options.seed ?? 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (options.end !== undefined && !Instant.safeParse(options.end).success) {
    throw new RangeError(`end ${JSON.stringify(options.end)} must be an ISO-8601 timestamp with offset`);
  }
  const end = options.end === undefined ? Date.now() : Date.parse(options.end);
  const layers = requireInteger('layers', options.layers ?? defaultLayers(people), MIN_LAYERS, MAX_LAYERS);
  if (options.eventsPerPersonPerYear !== undefined && options.totalEvents !== undefined) {
    throw new RangeError('give eventsPerPersonPerYear or totalEvents, not both');
  }
  const eventsPerPersonPerYear = options.totalEvents !== undefined ? options.totalEvents / people : (options.eventsPerPersonPerYear ?? 100);
  if (!(eventsPerPersonPerYear > 0)) throw new RangeError('the number of events must be positive');
  const planted = {} as Record<PlantedPattern, number>;
  const plantedAsked = new Set<PlantedPattern>();
  for (const pattern of PLANTED_PATTERNS) {
    const asked = options.planted?.[pattern];
    if (asked !== undefined) plantedAsked.add(pattern);
    planted[pattern] = requireInteger(`planted.${pattern}`, asked ?? DEFAULT_PLANTED, 0, people);
  }
  const volumeAsked = options.eventsPerPersonPerYear !== undefined || options.totalEvents !== undefined;
  return { orgId, people, seed, start: end - YEAR_MS, end, layers, eventsPerPersonPerYear, volumeAsked, planted, plantedAsked };
}

function censusOf(cast: Cast, settings: Settings): Census {
  const { moves, leavers, joiners } = structureChanges(settings.people);
  return {
    people: settings.people,
    workingDays: workingDays(settings.start, settings.end).length,
    // A leaver sometimes comes with a termination decision, a joiner always with a hire.
    structureEvents: moves + leavers * 1.3 + joiners * 2,
    managers: cast.people
      .filter((person) => person.directs.length > 0)
      .map((person) => ({ directs: person.directs.length, skipReports: skipReportsOf(person).length, pattern: person.pattern })),
  };
}

/**
 * A synthetic org over one year: the starting org joins at `start`, then a
 * year of reorganisations, leavers, joiners and leadership practices, with a
 * few managers planted to show each alert. Deterministic for the same options
 * (with `end` given); the events are generated lazily, so a million-event org
 * streams through a small, steady amount of memory.
 */
export function generateDemoOrg(options: DemoOrgOptions = {}): DemoOrg {
  const settings = settingsOf(options);
  // Ids come from their own stream, seeded by every option, so two demo orgs never share an eventId in one store.
  const idSeed = seedFrom(JSON.stringify(['demo-event-ids', { ...settings, plantedAsked: [...settings.plantedAsked] }]));
  const prepare = () => {
    const random = new Random(seedFrom(`demo-org:${settings.seed}`));
    const cast = castOrg(settings.people, settings.layers, settings.planted, settings.plantedAsked, random);
    const census = censusOf(cast, settings);
    const cadence = tuneCadence(census, settings.eventsPerPersonPerYear, settings.volumeAsked);
    return { random, cast, census, cadence };
  };
  const { cast, census, cadence } = prepare();
  const plan: DemoOrgPlan = {
    orgId: settings.orgId,
    seed: settings.seed,
    start: new Date(settings.start).toISOString(),
    end: new Date(settings.end).toISOString(),
    people: settings.people,
    layers: settings.layers,
    ceoId: cast.ceo.id,
    expectedEvents: Math.round(expectedEvents(census, cadence)),
    planted: Object.fromEntries(PLANTED_PATTERNS.map((pattern) => [pattern, cast.planted[pattern].map((person) => person.id)])) as Record<
      PlantedPattern,
      string[]
    >,
  };
  return {
    plan,
    events: {
      [Symbol.iterator]: () => {
        const { random, cast, cadence } = prepare();
        const simulation = new OrgSimulation({ ...settings, cast, cadence, random, ids: new Random(idSeed) });
        return simulation.events();
      },
    },
  };
}
