// A webhook receiver for orghealth alerts: verifies X-Orghealth-Signature and dedupes on the delivery id.
// Run: WEBHOOK_SECRET=… PORT=8080 node docs/examples/webhook-receiver.mjs
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** True when `header` is `sha256=` + the hex HMAC-SHA256 of the raw body bytes under `secret`. */
export function verifySignature(secret, rawBody, header) {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * An HTTP server that hands each verified delivery to `onDelivery` once, however often it is retried.
 * Keep `seen` in your own database in production: a retry may arrive after your restart.
 */
export function createReceiver(secret, onDelivery, seen = new Set()) {
  return createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      // Verify the bytes as received, before any JSON parsing: re-serialising would change them.
      const raw = Buffer.concat(chunks);
      if (!verifySignature(secret, raw, request.headers['x-orghealth-signature'])) {
        response.writeHead(401).end();
        return;
      }
      const deliveryId = request.headers['x-orghealth-delivery'];
      if (!seen.has(deliveryId)) {
        seen.add(deliveryId);
        onDelivery(JSON.parse(raw.toString('utf8')));
      }
      // Any 2xx marks the delivery done; anything else, or no answer, makes orghealth retry.
      response.writeHead(204).end();
    });
  });
}

if (process.argv[1]?.endsWith('webhook-receiver.mjs')) {
  const receiver = createReceiver(process.env.WEBHOOK_SECRET, ({ event }) => {
    console.log(event.type, event.data.rule, event.data.subjectId, event.data.alertId);
  });
  receiver.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}
