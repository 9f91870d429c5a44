/** DateTime64 holds 1900-01-01 .. 2299-12-31; an instant outside would be clamped, not refused. */
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2300, 0, 1);

/**
 * An instant as a `DateTime64(3, 'UTC')` column or `{name:DateTime64(3, 'UTC')}`
 * parameter reads it: `2026-01-05 09:00:00.000`. Throws a RangeError for
 * anything that is not an instant ClickHouse can hold.
 */
export function toDateTime64(instant: string | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!(ms >= MIN_MS && ms < MAX_MS)) throw new RangeError(`${String(instant)} is not an instant between 1900 and 2299`);
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
