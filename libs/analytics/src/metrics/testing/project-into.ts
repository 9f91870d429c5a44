import type { AnalyticsClient } from '../../analytics-client.js';
import { projectEvents } from '../../projector/project-events.js';
import { ProjectionTarget } from '../../projector/projection-target.js';
import { readAllStored, storeWith } from '../../testing/sample-org.js';

/** Records `events` in the org's stream and projects them, as the running projector would. */
export async function projectInto(client: AnalyticsClient, events: readonly object[]): Promise<void> {
  const stored = await readAllStored(await storeWith(events));
  const batch = projectEvents(stored, new Date());
  if (batch.deadLetters.length > 0)
    throw new Error(`unprojectable test events: ${batch.deadLetters.map((dead) => dead.reason).join('; ')}`);
  await new ProjectionTarget(client, 'analytics').write(batch);
}
