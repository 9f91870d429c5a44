import { generateDemoOrg, PLANTED_PATTERN_RULES, PLANTED_PATTERNS, type PlantedPattern } from '@orghealth/demo';
import type { AlertSignalName } from '@orghealth/domain';
import { projectInto } from '../../../analytics/src/metrics/testing/project-into.js';
import { eachTestAnalytics } from '../../../analytics/src/testing/test-analytics.js';
import { firingSignals, managerSignals, type Signal } from '../../../../test/support/alert-signals.js';
import { DEFAULT_ALERT_THRESHOLDS } from './alert-thresholds.js';
import { findingsOf } from './alert-rules.js';
import { ruleInputs } from './rule-inputs.js';

const END = '2026-03-01T12:00:00.000Z';

/** The signal each micromanager pattern plants: the three are planted on separate managers. */
const PLANTED_SIGNAL: Partial<Record<PlantedPattern, AlertSignalName>> = {
  micromanagerReclaiming: 'reclaiming',
  micromanagerHovering: 'hovering',
  micromanagerGoingAround: 'goingAround',
};

/** The oracle's names for what fired; BOTTLENECK's two signals are one there. */
const ORACLE_SIGNAL: Record<AlertSignalName, Signal> = {
  reclaiming: 'reclaiming',
  hovering: 'hovering',
  goingAround: 'goingAround',
  powerConcentration: 'powerConcentration',
  openApprovals: 'bottleneck',
  slowApprovals: 'bottleneck',
  feedbackGap: 'feedbackGap',
};

describe('the alert rules on a generated org with planted patterns', () => {
  const analytics = eachTestAnalytics();
  const { plan, events } = generateDemoOrg({ people: 300, seed: 7, end: END });
  const stream = [...events];

  it('raise exactly the planted alerts: each planted manager its own, everyone else none', async () => {
    await projectInto(analytics.client, stream);
    const findings = findingsOf(await ruleInputs(analytics.client, plan.orgId, END), DEFAULT_ALERT_THRESHOLDS);

    const expected = PLANTED_PATTERNS.flatMap((pattern) =>
      plan.planted[pattern].map((subjectId) => `${PLANTED_PATTERN_RULES[pattern]} ${subjectId}`),
    );
    expect(PLANTED_PATTERNS.every((pattern) => plan.planted[pattern].length === 2)).toBe(true);
    expect(findings.map(({ rule, subjectId }) => `${rule} ${subjectId}`).sort()).toEqual(expected.sort());

    for (const [pattern, signal] of Object.entries(PLANTED_SIGNAL) as [PlantedPattern, AlertSignalName][]) {
      for (const subjectId of plan.planted[pattern]) {
        expect({
          subjectId,
          signals: findings.find((finding) => finding.subjectId === subjectId)!.signals.map((fired) => fired.signal),
        }).toEqual({ subjectId, signals: [signal] });
      }
    }

    // The SQL agrees with the spec's naive one-pass oracle, manager by manager, signal by signal.
    const oracle = managerSignals(stream, END);
    const fromSql = new Map(findings.map((finding) => [finding.subjectId, new Set<Signal>()]));
    for (const finding of findings) for (const fired of finding.signals) fromSql.get(finding.subjectId)!.add(ORACLE_SIGNAL[fired.signal]);
    const fromOracle = new Map(
      [...oracle].filter(([, signals]) => firingSignals(signals).length > 0).map(([id, signals]) => [id, new Set(firingSignals(signals))]),
    );
    expect(fromSql).toEqual(fromOracle);
  });

  it('raise nothing before the org exists, and evaluate as of any instant', async () => {
    await projectInto(analytics.client, stream);
    expect(await ruleInputs(analytics.client, plan.orgId, '2025-01-01T00:00:00Z')).toEqual([]);
    const earlier = '2025-12-01T00:00:00.000Z';
    const findings = findingsOf(await ruleInputs(analytics.client, plan.orgId, earlier), DEFAULT_ALERT_THRESHOLDS);
    const oracle = managerSignals(stream, earlier);
    const fromOracle = [...oracle]
      .filter(([, signals]) => firingSignals(signals).length > 0)
      .map(([id]) => id)
      .sort();
    expect(fromOracle.length).toBeGreaterThan(0);
    expect([...new Set(findings.map((finding) => finding.subjectId))].sort()).toEqual(fromOracle);
  });
});
