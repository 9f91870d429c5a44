import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { eventually } from '../../../event-store/src/contract/eventually.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { openAlertsDatabase } from '../alerts-database.js';
import { listDeliveries } from './webhook-deliveries.js';
import { retryDelayMs, WebhookSender } from './webhook-sender.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';

describe('webhook retry backoff', () => {
  const options = (random: number) => ({ retryBaseMs: 2000, retryMaxMs: 900_000, random: () => random });

  it('doubles from the base per retry, each wait between half and all of its ceiling (jitter)', () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, options(1)))).toEqual([2000, 4000, 8000, 16_000]);
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, options(0)))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, options(0.5))).toBe(6000);
  });

  it('never waits longer than the maximum, however many retries', () => {
    expect(retryDelayMs(10, options(1))).toBe(900_000);
    expect(retryDelayMs(1000, options(1))).toBe(900_000);
    expect(retryDelayMs(1000, options(0))).toBe(450_000);
  });
});

describe('webhook sender', () => {
  it('stops at once on close, even with a request hanging on a slow receiver, and leaves that delivery pending', async () => {
    const dir = tempDir('orghealth-sender-');
    const db = openAlertsDatabase(join(dir.path, 'alerts.sqlite'));
    const hanging: ServerResponse[] = [];
    const receiver = createServer((_request, response) => hanging.push(response));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const { subscriptionId } = new WebhookSubscriptions(db).create('acme', { url: `http://127.0.0.1:${port}/`, secret: 'sixteen-characters!', rules: ['BOTTLENECK'] }, new Date(), -1);
      db.prepare(
        `INSERT INTO webhook_deliveries (delivery_id, subscription_id, org_id, event_id, event_type, alert_id, body, status, attempts, next_attempt_at, created_at)
         VALUES ('d1', ?, 'acme', 'e1', 'AlertOpened', 'a1', '{}', 'pending', 0, 0, '2026-01-01T00:00:00.000Z')`,
      ).run(subscriptionId);
      const sender = new WebhookSender(db, { maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 10, timeoutMs: 60_000, pollMs: 10, concurrency: 1, now: () => new Date(), random: Math.random });
      sender.start();
      await eventually(() => expect(hanging).toHaveLength(1));
      const started = Date.now();
      await sender.close();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(listDeliveries(db, subscriptionId, { limit: 10, offset: 0 }).deliveries).toEqual([expect.objectContaining({ deliveryId: 'd1', status: 'pending', attempts: 0, attemptLog: [] })]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
      db.close();
      dir.remove();
    }
  });
});
