import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-orghealth-signature';
export const DELIVERY_HEADER = 'x-orghealth-delivery';
export const EVENT_HEADER = 'x-orghealth-event';

/** `sha256=` and the hex HMAC-SHA256 of the raw body under the subscription's secret. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does (docs/alerts.md has the same in a standalone file): constant-time compare over the raw bytes. */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
