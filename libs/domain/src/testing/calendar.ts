/** First working Mondays of 2026 at 09:00 UTC: the instants the decider specs use, all before RECORDED_AT. */
export const JAN = '2026-01-05T09:00:00Z';
export const FEB = '2026-02-02T09:00:00Z';
export const MAR = '2026-03-02T09:00:00Z';
export const APR = '2026-04-01T09:00:00Z';
export const MAY = '2026-05-04T09:00:00Z';
export const JUN = '2026-06-01T09:00:00Z';
