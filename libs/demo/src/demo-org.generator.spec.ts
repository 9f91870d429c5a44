import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commandFor,
  decide,
  directsAt,
  evolve,
  initialOrgState,
  orgAt,
  parseIncomingEvent,
  RuleViolation,
  type IncomingEvent,
  type OrgState,
} from '@orghealth/domain';
import { generateDemoOrg, PLANTED_PATTERNS, toNdjsonLines, writeDemoNdjson, type PlantedPattern } from './index.js';
import { firingSignals, managerSignals, type Signal } from '../../../test/support/alert-signals.js';

const END = '2026-03-01T12:00:00.000Z';
const DAY = 86_400_000;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const SIGNAL_OF: Record<PlantedPattern, Signal> = {
  micromanagerReclaiming: 'reclaiming',
  micromanagerHovering: 'hovering',
  micromanagerGoingAround: 'goingAround',
  decisionHoarder: 'powerConcentration',
  approvalBottleneck: 'bottleneck',
  feedbackNeglecter: 'feedbackGap',
};

/** Records every event in stream order, as an import would; returns the state and the rejections. */
function fold(events: readonly IncomingEvent[], recordedAt: string): { state: OrgState; rejections: string[] } {
  const state = initialOrgState();
  const rejections: string[] = [];
  for (const [line, event] of events.entries()) {
    try {
      for (const recorded of decide(commandFor(event, recordedAt), state)) evolve(state, recorded);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      rejections.push(`line ${line + 1} ${event.type}: ${error.code} ${error.message}`);
    }
  }
  return { state, rejections };
}

describe('generateDemoOrg', () => {
  const { plan, events } = generateDemoOrg({ people: 300, seed: 7, end: END });
  const stream = [...events];
  const { state, rejections } = fold(stream, END);
  const T = Date.parse(END);

  it('describes the org it generates', () => {
    expect(plan).toMatchObject({ orgId: 'demo-acme', seed: 7, end: END, start: '2025-03-01T12:00:00.000Z', people: 300 });
    expect(stream.length / plan.expectedEvents).toBeGreaterThan(0.95);
    expect(stream.length / plan.expectedEvents).toBeLessThan(1.05);
  });

  it('produces events that all pass the schemas, with unique v4 UUIDs and demo metadata', () => {
    const invalid = stream.map((event) => parseIncomingEvent(event)).filter((parsed) => !parsed.ok);
    expect(invalid).toEqual([]);
    expect(stream.every((event) => UUID_V4.test(event.eventId) && event.metadata?.source === 'demo' && event.orgId === 'demo-acme')).toBe(
      true,
    );
    expect(new Set(stream.map((event) => event.eventId)).size).toBe(stream.length);
  });

  it('produces events the rules accept when recorded in stream order at `end`', () => {
    expect(rejections).toEqual([]);
  });

  it('streams in non-decreasing occurredAt order, within the year before `end`', () => {
    const instants = stream.map((event) => Date.parse(event.occurredAt));
    expect(instants.every((t, i) => i === 0 || t >= instants[i - 1]!)).toBe(true);
    expect(instants[0]).toBe(Date.parse(plan.start));
    expect(instants.at(-1)!).toBeLessThanOrEqual(T);
  });

  it('lets everyone join at the start, top first, then lives a year of every kind of event', () => {
    const initial = stream.slice(0, plan.people);
    expect(initial.every((event) => event.type === 'PersonJoined' && event.occurredAt === plan.start)).toBe(true);
    expect(initial[0]!.data).toMatchObject({ personId: plan.ceoId, managerId: null, title: 'Chief Executive Officer' });
    const types = new Set(stream.map((event) => event.type));
    expect([...types].sort()).toEqual(
      [
        'ApprovalRequested',
        'ApprovalResolved',
        'CheckInHeld',
        'DecisionMade',
        'FeedbackGiven',
        'OutcomeFramed',
        'PersonJoined',
        'PersonLeft',
        'PlanDelegated',
        'PlanOverridden',
        'PlanReclaimed',
        'ReportingLineChanged',
        'SkipLevelDone',
      ].sort(),
    );
  });

  it('keeps the org within 4..7 layers, with the layers planned', () => {
    const layers = Math.max(...orgAt(state.structure, T).map((position) => position.layer));
    expect(layers).toBe(plan.layers);
    expect(layers).toBeGreaterThanOrEqual(4);
    expect(layers).toBeLessThanOrEqual(7);
  });

  it('gives the same events for the same seed, on every iteration, and different ones for another seed', () => {
    // Compared as text: deep equality of 30,000 objects costs seconds.
    const text = (events: Iterable<IncomingEvent>) => [...toNdjsonLines(events)].join('');
    const expected = text(stream);
    expect(text(generateDemoOrg({ people: 300, seed: 7, end: END }).events) === expected).toBe(true);
    expect(text(events) === expected).toBe(true);
    expect(text(generateDemoOrg({ people: 300, seed: 8, end: END }).events) === expected).toBe(false);
  });

  it('plants disjoint managers who are still in the org at `end`', () => {
    const planted = PLANTED_PATTERNS.flatMap((pattern) => plan.planted[pattern]);
    expect(PLANTED_PATTERNS.every((pattern) => plan.planted[pattern].length === 2)).toBe(true);
    expect(new Set(planted).size).toBe(planted.length);
    for (const managerId of planted) expect(directsAt(state.structure, managerId, T).length).toBeGreaterThanOrEqual(3);
  });

  it('makes each planted manager meet exactly its alert rule at `end`, and every other manager none', () => {
    const expected = new Map<string, Signal[]>(
      PLANTED_PATTERNS.flatMap((pattern) => plan.planted[pattern].map((id) => [id, [SIGNAL_OF[pattern]]] as const)),
    );
    const firing = new Map([...managerSignals(stream, END)].map(([id, signals]) => [id, firingSignals(signals)]));
    const firingAnywhere = [...firing].filter(([, signals]) => signals.length > 0);
    expect(new Map(firingAnywhere)).toEqual(expected);
  });

  it('gives a decision hoarder at least 5 people decisions in 180 days, at least 80% of them alone', () => {
    for (const hoarder of plan.planted.decisionHoarder) {
      const decisions = stream.filter(
        (event): event is Extract<IncomingEvent, { type: 'DecisionMade' }> =>
          event.type === 'DecisionMade' && event.data.deciderId === hoarder && Date.parse(event.occurredAt) > T - 180 * DAY,
      );
      const unilateral = decisions.filter((decision) => decision.data.approverIds.every((id) => id === hoarder));
      expect(unilateral.length).toBeGreaterThanOrEqual(5);
      expect(unilateral.length / decisions.length).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('leaves a feedback neglecter at least 3 directs, none given feedback in 90 days', () => {
    for (const neglecter of plan.planted.feedbackNeglecter) {
      const directs = directsAt(state.structure, neglecter, T);
      expect(directs.length).toBeGreaterThanOrEqual(3);
      const toDirects = stream.filter(
        (event) =>
          event.type === 'FeedbackGiven' &&
          event.data.giverId === neglecter &&
          directs.includes(event.data.receiverId) &&
          Date.parse(event.occurredAt) > T - 90 * DAY,
      );
      expect(toDirects).toEqual([]);
    }
  });

  it('yields the first events of a 10,000-person, million-event org without generating the rest', () => {
    const started = Date.now();
    let count = 0;
    for (const _event of generateDemoOrg({ people: 10_000, totalEvents: 1_000_000, end: END }).events) if (++count === 20_000) break;
    expect(count).toBe(20_000);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('generateDemoOrg options', () => {
  it('rejects what it cannot honour', () => {
    expect(() => generateDemoOrg({ layers: 3 })).toThrow(RangeError);
    expect(() => generateDemoOrg({ people: 5000, layers: 4 })).toThrow(/layers/);
    expect(() => generateDemoOrg({ orgId: 'not an id' })).toThrow(/orgId/);
    expect(() => generateDemoOrg({ end: 'yesterday' })).toThrow(/end/);
    expect(() => generateDemoOrg({ eventsPerPersonPerYear: 100, totalEvents: 1000 })).toThrow(/not both/);
    expect(() => generateDemoOrg({ eventsPerPersonPerYear: 5 })).toThrow(/out of reach/);
    expect(() => generateDemoOrg({ people: 20, planted: { decisionHoarder: 5 } })).toThrow(/decisionHoarder/);
  });

  it('plants nothing when asked for none, and sizes the org from totalEvents', () => {
    const none = Object.fromEntries(PLANTED_PATTERNS.map((pattern) => [pattern, 0]));
    const { plan } = generateDemoOrg({ totalEvents: 10_000, planted: none, end: END });
    expect(plan.people).toBe(100);
    expect(PLANTED_PATTERNS.flatMap((pattern) => plan.planted[pattern])).toEqual([]);
  });

  it('keeps two orgs with different options from sharing eventIds', () => {
    const first = (orgId: string) => generateDemoOrg({ orgId, people: 20, end: END }).events[Symbol.iterator]().next().value!.eventId;
    expect(first('demo-a')).not.toBe(first('demo-b'));
  });
});

describe('NDJSON', () => {
  const options = { people: 20, seed: 3, end: END };

  it('writes one event per line, streaming, and reports the plan and count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-ndjson-'));
    try {
      const path = join(dir, 'org.ndjson');
      const { plan, events } = await writeDemoNdjson(path, options);
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(events);
      expect(lines.map((line) => JSON.parse(line))).toEqual([...generateDemoOrg(options).events]);
      expect(plan).toEqual(generateDemoOrg(options).plan);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns events into newline-terminated JSON lines', () => {
    const [line] = toNdjsonLines([...generateDemoOrg(options).events].slice(0, 1));
    expect(line!.endsWith('\n')).toBe(true);
    expect(parseIncomingEvent(JSON.parse(line!)).ok).toBe(true);
  });
});
