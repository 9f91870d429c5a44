import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from '../rules/alert-thresholds.js';
import type { AlertsDatabase } from '../alerts-database.js';

const GET_SQL = 'SELECT thresholds FROM alert_settings WHERE org_id = ?';
const PUT_SQL = `INSERT INTO alert_settings (org_id, thresholds, updated_at) VALUES (?, ?, ?)
  ON CONFLICT (org_id) DO UPDATE SET thresholds = excluded.thresholds, updated_at = excluded.updated_at`;

/** Each org's alert thresholds; an org that never set them has the spec's defaults. */
export class AlertSettings {
  constructor(private readonly db: AlertsDatabase) {}

  thresholds(orgId: string): AlertThresholds {
    const row = this.db.prepare<[string], { thresholds: string }>(GET_SQL).get(orgId);
    // Parsed again on the way out: a threshold added in a later version takes its default for orgs saved before it.
    return row ? AlertThresholds.parse(JSON.parse(row.thresholds)) : DEFAULT_ALERT_THRESHOLDS;
  }

  /** Replaces the org's thresholds; what `thresholds` leaves out takes its default. */
  replace(orgId: string, thresholds: AlertThresholds, now: Date): AlertThresholds {
    const parsed = AlertThresholds.parse(thresholds);
    this.db.prepare(PUT_SQL).run(orgId, JSON.stringify(parsed), now.toISOString());
    return parsed;
  }
}
