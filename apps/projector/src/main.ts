import { AnalyticsRuntime } from '@orghealth/analytics';
import { ConfigError, loadConfig, ownerOnlyDataDir } from '@orghealth/config';
import { EVENT_TYPES } from '@orghealth/domain';
import { openEventStore } from '@orghealth/event-store';
import { createEngineLogger } from '../../api/src/observability/engine-logger.js';

/**
 * The projector as its own process (`npm run start:projector`), for
 * deployments whose analytics run on a ClickHouse server; the API then runs
 * with ORGHEALTH_PROJECTOR=external. On the embedded default the API projects.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.analytics.mode === 'embedded') {
    throw new ConfigError([
      'CLICKHOUSE_URL: the projector process needs a ClickHouse server; the embedded analytics belong to the API process (npm start projects by itself)',
    ]);
  }
  // The same log lines as the API's (JSON unless a terminal reads them), for the same collector.
  const logger = createEngineLogger(config).nest;
  // It opens the API's SQLite file: its journal files are owner-only too.
  if (config.eventStore.kind === 'sqlite') ownerOnlyDataDir(config.dataDir);
  const store = openEventStore(config.eventStore, EVENT_TYPES);
  const analytics = new AnalyticsRuntime(config.analytics, store, { project: true, analystLimits: config.sql });
  analytics.start();
  const source = config.eventStore.kind === 'sqlite' ? config.eventStore.file : 'EventStoreDB';
  logger.log(`projector: from ${source} into ${config.analytics.url} (database ${config.analytics.database})`, 'projector');
  const report = setInterval(() => {
    void analytics.status().then((status) => {
      logger.log(
        `projector: checkpoint ${status.projector.checkpoint ?? '-'}${status.lastError ? `, last error: ${status.lastError}` : ''}`,
        'projector',
      );
    });
  }, 30_000);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      clearInterval(report);
      void analytics
        .close()
        .then(() => store.close())
        .then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
