import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@orghealth/config';
import { EVENT_TYPES } from '@orghealth/domain';
import { copyEvents, EventStoreDbEventStore, SqliteEventStore } from '@orghealth/event-store';
import { ProgressBar } from '../progress-bar.js';
import { UsageError, type CliCommand } from './command.js';

/**
 * Copies the embedded SQLite event store into EventStoreDB, in order, with a
 * progress bar. It was called `migrate` before "migration" came to mean
 * schema changes only; the old name stays an alias so that scripts written
 * for it go on working.
 */
export const copyStoreCommand: CliCommand = {
  name: 'copy-store',
  aliases: ['migrate'],
  summary: 'copy every event from the SQLite file to EventStoreDB (ordered, idempotent)',
  usage: `usage: orghealth copy-store [--from FILE] [--to CONNECTION_STRING]   (alias: orghealth migrate)

Copies every event of the embedded event store to EventStoreDB / KurrentDB in
global order, keeping stream names and revisions. Run it again at any time: it
skips what the target holds already and copies only what is missing, and it
stops, adding nothing, at a target stream that holds other events. Stop the
engine's writers first (or run it again after they stopped) so that nothing
recorded meanwhile is left behind. Then start the engine on
EVENTSTORE_CONNECTION_STRING: its projector, on empty analytics, projects every
event from the start (docs/operations.md).

options:
  --from FILE               the SQLite file (default: ORGHEALTH_DATA_DIR/events.sqlite)
  --to CONNECTION_STRING    esdb://host:2113,...?tls=true (default: EVENTSTORE_CONNECTION_STRING)`,

  async run(args) {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
    const config = loadConfig();
    const file = values.from ?? config.sqlite.file;
    const connectionString = values.to ?? (config.eventStore.kind === 'eventstoredb' ? config.eventStore.connectionString : undefined);
    if (!connectionString) throw new UsageError('name the target: --to esdb://… or EVENTSTORE_CONNECTION_STRING');
    // Opening a missing file would create an empty store and "copy" nothing.
    if (!existsSync(file)) throw new UsageError(`no event store at ${file}`);

    const source = SqliteEventStore.open({ file });
    const target = EventStoreDbEventStore.open({ connectionString, eventTypes: EVENT_TYPES });
    try {
      const started = Date.now();
      const bar = new ProgressBar('copy-store', await source.headPosition());
      const result = await copyEvents(source, target, { onProgress: (progress) => bar.update(progress.position, progress.read) });
      bar.finish(result.position, result.read);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`copied ${result.copied} events to EventStoreDB (${result.skipped} were there already) from ${file} in ${seconds} s`);
      return 0;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  },
};
