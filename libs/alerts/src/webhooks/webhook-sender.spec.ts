import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LookupAddress } from 'node:dns';
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

const SENDER = {
  maxAttempts: 3,
  retryBaseMs: 10,
  retryMaxMs: 10,
  timeoutMs: 5000,
  pollMs: 10,
  concurrency: 1,
  now: () => new Date(),
  random: Math.random,
};

describe('webhook sender', () => {
  it('stops at once on close, even with a request hanging on a slow receiver, and leaves that delivery pending', async () => {
    const dir = tempDir('orghealth-sender-');
    const db = openAlertsDatabase(join(dir.path, 'alerts.sqlite'));
    const hanging: ServerResponse[] = [];
    const receiver = createServer((_request, response) => hanging.push(response));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const { subscriptionId } = new WebhookSubscriptions(db).create(
        'acme',
        { url: `http://127.0.0.1:${port}/`, secret: 'sixteen-characters!', rules: ['BOTTLENECK'] },
        new Date(),
        -1,
      );
      db.prepare(
        `INSERT INTO webhook_deliveries (delivery_id, subscription_id, org_id, event_id, event_type, alert_id, body, status, attempts, next_attempt_at, created_at)
         VALUES ('d1', ?, 'acme', 'e1', 'AlertOpened', 'a1', '{}', 'pending', 0, 0, '2026-01-01T00:00:00.000Z')`,
      ).run(subscriptionId);
      const sender = new WebhookSender(db, { ...SENDER, timeoutMs: 60_000, allowPrivateTargets: true, log: () => undefined });
      sender.start();
      await eventually(() => expect(hanging).toHaveLength(1));
      const started = Date.now();
      await sender.close();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(listDeliveries(db, subscriptionId, { limit: 10, offset: 0 }).deliveries).toEqual([
        expect.objectContaining({ deliveryId: 'd1', status: 'pending', attempts: 0, attemptLog: [] }),
      ]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
      db.close();
      dir.remove();
    }
  });
});

/** A local receiver, an alerts database with one pending delivery to `url(port)`, and a sender over them. */
async function deliveryTo(
  url: (port: number) => string,
  options: {
    allowPrivateTargets: boolean;
    resolve?: (hostname: string) => Promise<LookupAddress[]>;
    answer?: (request: IncomingMessage, response: ServerResponse) => void;
  },
) {
  const dir = tempDir('orghealth-sender-');
  const db = openAlertsDatabase(join(dir.path, 'alerts.sqlite'));
  const received: IncomingMessage[] = [];
  const receiver = createServer((request, response) => {
    received.push(request);
    if (options.answer) options.answer(request, response);
    else response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const { subscriptionId } = new WebhookSubscriptions(db).create(
    'acme',
    { url: url(port), secret: 'sixteen-characters!', rules: ['BOTTLENECK'] },
    new Date(),
    -1,
  );
  db.prepare(
    `INSERT INTO webhook_deliveries (delivery_id, subscription_id, org_id, event_id, event_type, alert_id, body, status, attempts, next_attempt_at, created_at)
     VALUES ('d1', ?, 'acme', 'e1', 'AlertOpened', 'a1', '{}', 'pending', 0, 0, '2026-01-01T00:00:00.000Z')`,
  ).run(subscriptionId);
  const logged: string[] = [];
  const sender = new WebhookSender(db, {
    ...SENDER,
    maxAttempts: 1,
    allowPrivateTargets: options.allowPrivateTargets,
    log: (message) => logged.push(message),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  sender.start();
  return {
    port,
    received,
    logged,
    delivery: () => listDeliveries(db, subscriptionId, { limit: 10, offset: 0 }).deliveries[0]!,
    close: async () => {
      await sender.close();
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
      db.close();
      dir.remove();
    },
  };
}

describe('webhook sender: where it may connect', () => {
  // The resolver is injected at the edge: a test cannot make the system's DNS answer what it wants.
  const answering = (...answers: string[][]) => {
    const calls: string[] = [];
    const resolve = async (hostname: string): Promise<LookupAddress[]> => {
      calls.push(hostname);
      return (answers[Math.min(calls.length - 1, answers.length - 1)] ?? []).map((address) => ({
        address,
        family: address.includes(':') ? 6 : 4,
      }));
    };
    return { calls, resolve };
  };

  it('refuses a name that resolves to loopback, private or metadata addresses, without connecting; the record says only "failed"', async () => {
    for (const addresses of [['127.0.0.1'], ['10.0.0.7'], ['169.254.169.254'], ['::ffff:127.0.0.1'], ['93.184.216.34', '127.0.0.1']]) {
      const dns = answering(addresses);
      const target = await deliveryTo((port) => `http://receiver.test:${port}/hook`, { allowPrivateTargets: false, resolve: dns.resolve });
      try {
        await eventually(() => expect(target.delivery().status).toBe('failed'));
        expect(target.received).toHaveLength(0);
        expect(target.delivery().attemptLog).toEqual([expect.objectContaining({ statusCode: null, error: 'failed' })]);
        expect(target.logged.join('\n')).toMatch(/TargetRefused: receiver\.test resolves to .*(loopback|metadata)/);
      } finally {
        await target.close();
      }
    }
  });

  it('resolves once and connects to the address it judged: a second, different answer (DNS rebinding) is never used', async () => {
    // Private targets allowed so the judged answer can be this machine's receiver; the later answer is an unroutable address.
    const dns = answering(['127.0.0.1'], ['10.255.255.1']);
    const target = await deliveryTo((port) => `http://receiver.test:${port}/hook`, { allowPrivateTargets: true, resolve: dns.resolve });
    try {
      await eventually(() => expect(target.delivery().status).toBe('delivered'));
      expect(dns.calls).toEqual(['receiver.test']);
      expect(target.received.map((request) => request.headers.host)).toEqual([`receiver.test:${target.port}`]);
    } finally {
      await target.close();
    }
  });

  it('does not follow redirects: a 3xx is a failed try, and the address it points at receives nothing', async () => {
    const elsewhere: IncomingMessage[] = [];
    const other = createServer((request, response) => {
      elsewhere.push(request);
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as AddressInfo).port;
    const target = await deliveryTo((port) => `http://127.0.0.1:${port}/hook`, {
      allowPrivateTargets: true,
      answer: (_request, response) => response.writeHead(307, { location: `http://127.0.0.1:${otherPort}/internal` }).end(),
    });
    try {
      await eventually(() => expect(target.delivery().status).toBe('failed'));
      expect(target.delivery().attemptLog).toEqual([expect.objectContaining({ statusCode: 307, error: 'HTTP 307' })]);
      expect(target.received).toHaveLength(1);
      expect(elsewhere).toHaveLength(0);
    } finally {
      await target.close();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('records a refused connection as "failed", never the reason a port scan would read; the server log has it', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const target = await deliveryTo(() => `http://127.0.0.1:${closedPort}/`, { allowPrivateTargets: true });
    try {
      await eventually(() => expect(target.delivery().status).toBe('failed'));
      expect(target.delivery().attemptLog).toEqual([expect.objectContaining({ statusCode: null, error: 'failed' })]);
      expect(target.delivery().lastError).toBe('failed');
      expect(target.logged.join('\n')).toMatch(/ECONNREFUSED/);
    } finally {
      await target.close();
    }
  });
});
