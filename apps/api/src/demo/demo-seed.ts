import { Logger } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { generateDemoOrg } from '@orghealth/demo';
import type { IncomingEvent } from '@orghealth/domain';
import type { EventStore } from '@orghealth/event-store';
import type { RecordOrgFacts } from '@orghealth/write-model';

const BATCH = 1000;

/**
 * On an empty data directory, records a generated demo org (a year up to now)
 * so a first-time user sees real numbers at once. Any event in the store,
 * of any org, means the directory is in use and nothing is added.
 */
export async function seedDemoOrg(config: Config, store: EventStore, record: RecordOrgFacts): Promise<void> {
  if (!config.demo.enabled || (await store.headPosition()) > 0) return;
  const logger = new Logger('demo');
  const { plan, events } = generateDemoOrg({ people: config.demo.people, end: new Date().toISOString() });
  logger.log(
    `empty data directory: loading the demo org "${plan.orgId}" (${plan.people} people, ~${plan.expectedEvents} events; ORGHEALTH_DEMO=0 turns this off)`,
  );
  const started = Date.now();
  let recorded = 0;
  let batch: IncomingEvent[] = [];
  const flush = async () => {
    const outcomes = await record(plan.orgId, batch);
    const refused = outcomes.find((outcome) => outcome.status !== 'recorded');
    if (refused) throw new Error(`the demo generator produced an event the rules refuse: ${JSON.stringify(refused)}`);
    recorded += batch.length;
    batch = [];
  };
  for (const event of events) {
    batch.push(event);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  logger.log(`demo org "${plan.orgId}" loaded: ${recorded} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
