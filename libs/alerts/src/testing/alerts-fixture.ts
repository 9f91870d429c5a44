import { join } from 'node:path';
import type { AnalyticsClient } from '@orghealth/analytics';
import { SqliteEventStore } from '@orghealth/event-store';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { openAlertsDatabase, type AlertsDatabase } from '../alerts-database.js';
import { AlertEvaluator } from '../evaluation/alert-evaluator.js';
import { AlertLog } from '../lifecycle/alert-log.js';
import { AlertSettings } from '../settings/alert-settings.js';

export interface AlertsFixture {
  store: SqliteEventStore;
  db: AlertsDatabase;
  log: AlertLog;
  settings: AlertSettings;
  evaluator: AlertEvaluator;
  close(): Promise<void>;
}

/** The lifecycle's real parts over a temporary data directory: a SQLite event store and alerts.sqlite. */
export function alertsFixture(client: () => AnalyticsClient, onRecorded?: (orgId: string) => void): AlertsFixture {
  const dir = tempDir('orghealth-alerts-');
  const store = SqliteEventStore.open({ file: join(dir.path, 'events.sqlite') });
  const db = openAlertsDatabase(join(dir.path, 'alerts.sqlite'));
  const log = new AlertLog(store, onRecorded);
  const settings = new AlertSettings(db);
  // The analytics are filled by the test itself, whole: nothing to wait for.
  const evaluator = new AlertEvaluator({ client, trustworthy: async () => true, now: () => new Date(), log, settings });
  return {
    store,
    db,
    log,
    settings,
    evaluator,
    async close() {
      db.close();
      await store.close();
      dir.remove();
    },
  };
}
