const DAY_MS = 86_400_000;

/** The instants a view asks about: its as-of, the comparison point and the start of its trend. */
export interface Instants {
  asOf: string;
  /** 90 days earlier: every tile's change is against this. */
  earlier: string;
  /** 52 weeks earlier: the sparklines' first point (53 weekly points). */
  yearBefore: string;
}

export const COMPARE_DAYS = 90;

/**
 * A date means the end of that day (UTC), as in the API. "Now" is fixed once per page load, so every
 * request of a view asks about the same instant and the comparisons line up.
 */
export function instantsOf(asOfDate: string | null, loadedAt: number): Instants {
  const end = asOfDate ? Date.parse(asOfDate) + DAY_MS - 1 : loadedAt;
  return {
    asOf: new Date(end).toISOString(),
    earlier: new Date(end - COMPARE_DAYS * DAY_MS).toISOString(),
    yearBefore: new Date(end - 52 * 7 * DAY_MS).toISOString(),
  };
}
