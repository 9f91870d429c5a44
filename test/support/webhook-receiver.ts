import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createReceiver, verifySignature } from '../../docs/examples/webhook-receiver.mjs';

export interface Received {
  deliveryId: string;
  body: {
    deliveryId: string;
    subscriptionId: string;
    orgId: string;
    sequence: number;
    event: { eventId: string; type: string; occurredAt: string; data: any };
  };
}

/**
 * A real receiver on 127.0.0.1, built from the documented example
 * (docs/examples/webhook-receiver.mjs), so the example is what the tests prove.
 * `requests` counts every request, retries included; `deliveries` holds each delivery once.
 */
export class TestReceiver {
  readonly deliveries: Received[] = [];
  requests = 0;
  rejected = 0;
  private server: Server | undefined;

  constructor(readonly secret: string) {}

  async listen(port = 0): Promise<number> {
    const server = createReceiver(this.secret, (body: Received['body']) => this.deliveries.push({ deliveryId: body.deliveryId, body }));
    server.on('request', (_request, response) => {
      this.requests++;
      response.on('finish', () => {
        if (response.statusCode === 401) this.rejected++;
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

export { verifySignature as exampleVerifySignature };

/** A port nothing listens on (taken, then let go). */
export async function freePort(): Promise<number> {
  const probe = new TestReceiver('unused');
  const port = await probe.listen();
  await probe.close();
  return port;
}
