import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { EventLog } from './event-log.js';
import { StreamsService, type SubscriptionFaults } from './streams-service.js';

export interface TestServerOptions {
  /** Events per stream the server remembers for idempotent resends (EventStoreDB keeps a bounded cache). */
  dedupeWindow?: number;
}

/**
 * A single EventStoreDB node for tests: the gRPC Streams service (read,
 * append) and ServerFeatures, over an in-memory log, on 127.0.0.1 at a free
 * port. What it leaves out is listed in this folder's README.
 */
export class EventStoreDbTestServer {
  static async start(options: TestServerOptions = {}): Promise<EventStoreDbTestServer> {
    const server = new Server();
    const log = new EventLog(options.dedupeWindow ?? 100);
    const faults: SubscriptionFaults = { dropAfterEvents: undefined };
    const streams = new StreamsService(log, faults);
    // Methods left out (delete, tombstone) answer UNIMPLEMENTED, as grpc-js does for a missing handler.
    server.addService(streamsGrpc.StreamsService, { read: streams.read, append: streams.append, batchAppend: streams.batchAppend });
    server.addService(serverFeaturesGrpc.ServerFeaturesService, { getSupportedMethods: supportedMethods });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    return new EventStoreDbTestServer(server, port, log, streams, faults);
  }

  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** The server's log, for tests that look at what it holds. */
    readonly log: EventLog,
    private readonly streams: StreamsService,
    private readonly faults: SubscriptionFaults,
  ) {}

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Ends the subscriptions it serves with UNAVAILABLE once they have sent `events` more events. */
  dropSubscriptionsAfter(events: number): void {
    this.faults.dropAfterEvents = this.streams.sentBySubscriptions + events;
  }

  /** Events the server has handed to subscriptions (written to gRPC), over all of them. */
  get sentBySubscriptions(): number {
    return this.streams.sentBySubscriptions;
  }

  /** Requests served so far, by kind: what an adapter call cost in round trips. */
  get requests(): Readonly<{ appends: number; streamReads: number; allReads: number }> {
    return { ...this.streams.requests };
  }

  /** `$all` subscriptions the server has accepted, counting every resubscription. */
  get subscriptionsOpened(): number {
    return this.streams.subscriptionsOpened;
  }

  /** Ends every open subscription now, as a node going down does. */
  dropSubscriptions(): void {
    this.streams.closeSubscriptions();
  }

  /** Ends every open subscription with NotLeader, naming this node the new leader: a leader change, as the client sees it. */
  changeLeader(): void {
    this.streams.redirectSubscriptions({ host: '127.0.0.1', port: this.port });
  }

  stop(): Promise<void> {
    this.streams.closeSubscriptions();
    this.server.forceShutdown();
    return Promise.resolve();
  }
}

// The client asks once per connection, and appends through batchAppend when it is listed (as on 21.10 and later).
function supportedMethods(
  _call: ServerUnaryCall<unknown, unknown>,
  callback: sendUnaryData<InstanceType<typeof serverFeaturesPb.SupportedMethods>>,
) {
  const methods = [
    ['event_store.client.streams.streams', 'read', ['all', 'position']],
    ['event_store.client.streams.streams', 'append', []],
    ['event_store.client.streams.streams', 'batchappend', []],
    ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
  ] as const;
  const supported = new serverFeaturesPb.SupportedMethods();
  supported.setEventStoreServerVersion('23.10.0-orghealth-test');
  supported.setMethodsList(
    methods.map(([service, method, features]) => {
      const entry = new serverFeaturesPb.SupportedMethod();
      entry.setServiceName(service);
      entry.setMethodName(method);
      entry.setFeaturesList([...features]);
      return entry;
    }),
  );
  callback(null, supported);
}
