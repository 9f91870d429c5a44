import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-orghealth-signature';
export const DELIVERY_HEADER = 'x-orghealth-delivery';
export const EVENT_HEADER = 'x-orghealth-event';

/** `sha256=` and the hex HMAC-SHA256 of the raw body under the subscription's secret; receivers verify it as docs/examples/webhook-receiver.mjs does. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
