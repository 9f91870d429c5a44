import type { AnalyticsClient } from './analytics-client.js';
import { orgAt } from './metrics/org-at.js';

export interface ReportingLine {
  personId: string;
  managerId: string | null;
}

/** Every person active at `asOf` with their manager then (null at the top), by person id: the org at T without layers. */
export async function reportingLinesAsOf(client: AnalyticsClient, orgId: string, asOf: string | Date): Promise<ReportingLine[]> {
  const org = await orgAt(client, orgId, asOf);
  return org
    .map(({ personId, managerId }) => ({ personId, managerId }))
    .sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}
