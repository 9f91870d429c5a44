function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether a resent event is the one already recorded under its eventId.
 * The fact is what counts: type, org, instant (not its spelling) and data.
 * Metadata is left out, since the same file resent through another channel
 * carries another `source`.
 */
type Fact = { type: string; orgId: string; occurredAt: string; data: unknown };

export function isSameEvent(sent: Fact, recorded: Fact): boolean {
  return (
    sent.type === recorded.type &&
    sent.orgId === recorded.orgId &&
    Date.parse(sent.occurredAt) === Date.parse(recorded.occurredAt) &&
    canonical(sent.data) === canonical(recorded.data)
  );
}
