import { personJoined, personLeft } from '../../../domain/src/testing/builders.js';
import { ORG_ID } from '../testing/sample-org.js';
import { eachTestAnalytics } from '../testing/test-analytics.js';
import { orgAt } from './org-at.js';
import { projectInto } from './testing/project-into.js';
import { BEFORE_REORG, reorgOrg, T } from './testing/scenarios.js';

describe('the org at T', () => {
  const analytics = eachTestAnalytics();

  it('holds the people active at T with their manager and layer then', async () => {
    await projectInto(analytics.client, reorgOrg());
    expect(await orgAt(analytics.client, ORG_ID, T)).toEqual([
      { personId: 'M', managerId: null, layer: 1 },
      { personId: 'X', managerId: 'M', layer: 2 },
      { personId: 'Y', managerId: 'M', layer: 2 },
      { personId: 'X1', managerId: 'X', layer: 3 },
      { personId: 'X2', managerId: 'Y', layer: 3 },
    ]);
    expect(await orgAt(analytics.client, ORG_ID, BEFORE_REORG)).toContainEqual({ personId: 'X2', managerId: 'X', layer: 3 });
    expect(await orgAt(analytics.client, ORG_ID, '2025-12-31T00:00:00Z')).toEqual([]);
  });

  it('puts a person whose manager left, reports not moved, at the top', async () => {
    await projectInto(analytics.client, [
      personJoined('P', null, '2026-01-01T09:00:00Z'),
      personJoined('Q', 'P', '2026-01-01T09:00:00Z'),
      personJoined('R', 'Q', '2026-01-01T09:00:00Z'),
      personLeft('Q', '2026-02-01T09:00:00Z'),
    ]);
    expect(await orgAt(analytics.client, ORG_ID, '2026-03-01T00:00:00Z')).toEqual([
      { personId: 'P', managerId: null, layer: 1 },
      { personId: 'R', managerId: null, layer: 1 },
    ]);
  });
});
