import Database from 'better-sqlite3';

/** Looks at the event store file itself, as an auditor would, bypassing the engine. */
export function inspectEventFile(file: string): {
  integrity: string;
  events: number;
  distinctEventIds: number;
  hasEvent: (eventId: string) => number;
} {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const { events, distinctEventIds } = db
      .prepare('SELECT count(*) AS events, count(DISTINCT event_id) AS distinctEventIds FROM events')
      .get() as { events: number; distinctEventIds: number };
    const ids = new Map<string, number>();
    for (const row of db.prepare('SELECT event_id AS id, count(*) AS n FROM events GROUP BY event_id').iterate() as Iterable<{
      id: string;
      n: number;
    }>) {
      ids.set(row.id, row.n);
    }
    return { integrity, events, distinctEventIds, hasEvent: (eventId) => ids.get(eventId) ?? 0 };
  } finally {
    db.close();
  }
}
