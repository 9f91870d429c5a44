import { generateDemoOrg, toNdjsonLines, type DemoOrg } from '@orghealth/demo';
import { postNdjson } from './test-app.js';

/** A minute ago, whole minutes: an org whose year ends here shows its planted patterns to evaluations at "now". */
export const RECENT_END = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();

/** Evaluations and webhook retries in tenths of a second instead of seconds and minutes. */
export const FAST_ALERTS_ENV = {
  ORGHEALTH_ALERTS_DEBOUNCE_MS: '100',
  ORGHEALTH_WEBHOOK_POLL_MS: '50',
  ORGHEALTH_WEBHOOK_RETRY_BASE_MS: '200',
  ORGHEALTH_WEBHOOK_RETRY_MAX_MS: '800',
};

/** The demo org (300 people, seed 7, planted patterns) ending at RECENT_END. */
export const alertingOrg = (orgId: string): DemoOrg => generateDemoOrg({ orgId, people: 300, seed: 7, end: RECENT_END });

/** Imports `org` through the engine's NDJSON endpoint; every line must be accepted. */
export async function importOrg(url: string, org: DemoOrg): Promise<void> {
  const orgId = org.plan.orgId;
  const { status, body } = await postNdjson(
    `${url}/v1/orgs/${orgId}/events/import`,
    [...toNdjsonLines(org.events)].map((line) => line.trimEnd()),
  );
  if (status !== 200 || body.rejected !== 0) throw new Error(`import of ${orgId}: ${status} ${JSON.stringify(body).slice(0, 500)}`);
}
