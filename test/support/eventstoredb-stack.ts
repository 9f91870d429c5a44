import { join } from 'node:path';
import { EventStoreDbTestServer } from '../eventstoredb-server/eventstoredb-test-server.js';
import { analyticsReady } from './analytics-snapshot.js';
import { EngineProcess } from './engine-process.js';
import { tempDir } from './temp-dir.js';

export interface EventStoreDbStack {
  readonly dir: string;
  readonly server: EventStoreDbTestServer;
  /** The built engine in its own process, data under `name`, on the test server (or embedded), analytics ready; `env` added to its environment. */
  startEngine(name: string, options?: { embedded?: boolean; env?: Record<string, string> }): Promise<EngineProcess>;
}

/** For a suite: a test server, a temporary directory and the engines started on them, all gone after the suite. */
export function useEventStoreDbStack(): EventStoreDbStack {
  const dir = tempDir();
  const engines: EngineProcess[] = [];
  let server: EventStoreDbTestServer | undefined;
  beforeAll(async () => {
    server = await EventStoreDbTestServer.start();
  });
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.kill()));
    await server?.stop();
    dir.remove();
  });
  return {
    dir: dir.path,
    get server() {
      return server!;
    },
    async startEngine(name, { embedded = false, env = {} } = {}) {
      const engine = await EngineProcess.start(join(dir.path, name), {
        ...(embedded ? {} : { EVENTSTORE_CONNECTION_STRING: server!.connectionString }),
        ...env,
      });
      engines.push(engine);
      await analyticsReady(engine.url);
      return engine;
    },
  };
}
