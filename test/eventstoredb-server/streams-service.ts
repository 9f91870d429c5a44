import { randomUUID } from 'node:crypto';
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import codePb from '@eventstore/db-client/generated/code_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { EventLog, Expected, LogRecord, ProposedEvent } from './event-log.js';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
type ProposedMessage =
  | InstanceType<typeof streamsPb.AppendReq.ProposedMessage>
  | InstanceType<typeof streamsPb.BatchAppendReq.ProposedMessage>;
type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type FilterOptions = InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions>;

const { ReadResp: Resp, AppendResp: AppendResponse, BatchAppendResp: BatchResponse } = streamsPb;
const BACKWARDS = 1;
// EventStoreDB sends a checkpoint every `multiplier × 32` events it has looked at.
const CHECKPOINT_BASE = 32;

/** What a test can do to live subscriptions, as a network or a leader change would. */
export interface SubscriptionFaults {
  /** Ends a subscription with UNAVAILABLE once subscriptions have sent this many events in all; undefined: never. */
  dropAfterEvents: number | undefined;
}

const decode = (identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined) =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

function toReadEvent(record: LogRecord): ReadResp {
  const recorded = new Resp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setCommitPosition(String(record.commit));
  recorded.setPreparePosition(String(record.prepare));
  recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.createdTicks);
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.customMetadata);
  const event = new Resp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(String(record.commit));
  const resp = new Resp();
  resp.setEvent(event);
  return resp;
}

/** Writes with backpressure: waits for the client to take what was sent before sending more. */
async function send(call: ReadCall, resp: ReadResp): Promise<void> {
  if (!call.write(resp)) await new Promise((resolve) => call.once('drain', resolve));
}

function matcher(filter: FilterOptions | undefined): ((record: LogRecord) => boolean) | undefined {
  if (!filter) return undefined;
  const expression = filter.hasEventType() ? filter.getEventType() : filter.getStreamIdentifier();
  const field = filter.hasEventType() ? (record: LogRecord) => record.type : (record: LogRecord) => record.streamId;
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression?.getPrefixList() ?? [];
  return (record) => (regex ? regex.test(field(record)) : prefixes.some((prefix) => field(record).startsWith(prefix)));
}

function expectedOf(options: InstanceType<typeof streamsPb.AppendReq.Options>): Expected {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function batchExpectedOf(options: InstanceType<typeof streamsPb.BatchAppendReq.Options>): Expected {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: Number(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

/** Either append's position message, set to where the append's last event sits. */
function atPosition<T extends { setCommitPosition(value: string): T; setPreparePosition(value: string): T }>(
  position: T,
  { commit, prepare }: { commit: number; prepare: number },
): T {
  return position.setCommitPosition(String(commit)).setPreparePosition(String(prepare));
}

function toProposed(message: ProposedMessage): ProposedEvent {
  return {
    id: message.getId()!.getString(),
    type: message.getMetadataMap().get('type') ?? '',
    contentType: message.getMetadataMap().get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/** Batch append reports a wrong expected version as a google.rpc.Status carrying the shared WrongExpectedVersion. */
function wrongExpectedVersionStatus(currentRevision: number, expected: Expected) {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (currentRevision === -1) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(String(currentRevision));
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  const details = new anyPb.Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const failure = new statusPb.Status();
  failure.setCode(codePb.Code.FAILED_PRECONDITION);
  failure.setMessage('WrongExpectedVersion');
  failure.setDetails(details);
  return failure;
}

/** The Streams service's read and append, over an EventLog. */
export class StreamsService {
  sentBySubscriptions = 0;
  subscriptionsOpened = 0;
  /** Requests served: appends (one per append, however many events), reads of a stream, reads of `$all`. */
  readonly requests = { appends: 0, streamReads: 0, allReads: 0 };
  private readonly liveCalls = new Set<ReadCall>();

  constructor(
    private readonly log: EventLog,
    private readonly faults: SubscriptionFaults,
  ) {}

  /** Ends every open subscription as a server going away does. */
  closeSubscriptions(): void {
    for (const call of this.liveCalls) call.emit('error', { code: status.UNAVAILABLE, details: 'Server is shutting down' });
  }

  /** Ends every open subscription as a node that just lost leadership does: NotLeader, naming the new leader. */
  redirectSubscriptions(leader: { host: string; port: number }): void {
    const metadata = new Metadata();
    metadata.set('exception', 'not-leader');
    metadata.set('leader-endpoint-host', leader.host);
    metadata.set('leader-endpoint-port', String(leader.port));
    for (const call of this.liveCalls) call.emit('error', { code: status.NOT_FOUND, details: 'Leader info available', metadata });
  }

  append = (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let streamId: string | undefined;
    let expected: Expected = { kind: 'any' };
    const proposed: ProposedEvent[] = [];
    call.on('data', (req: AppendReq) => {
      const options = req.getOptions();
      if (options) {
        streamId = decode(options.getStreamIdentifier());
        expected = expectedOf(options);
        return;
      }
      proposed.push(toProposed(req.getProposedMessage()!));
    });
    call.on('end', () => {
      if (streamId === undefined) return callback({ code: status.INVALID_ARGUMENT, details: 'append without options' });
      this.requests.appends++;
      const outcome = this.log.append(streamId, expected, proposed);
      const resp = new AppendResponse();
      if (outcome.ok) {
        const success = new AppendResponse.Success();
        success.setCurrentRevision(String(outcome.currentRevision));
        success.setPosition(atPosition(new AppendResponse.Position(), outcome));
        resp.setSuccess(success);
      } else {
        resp.setWrongExpectedVersion(this.wrongExpectedVersion(outcome.currentRevision, outcome.expected));
      }
      callback(null, resp);
    });
  };

  /** One long-lived stream per client; each append is a correlation id, its events possibly over several requests. */
  batchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<
      string,
      { streamId: string; identifier: InstanceType<typeof sharedPb.StreamIdentifier>; expected: Expected; events: ProposedEvent[] }
    >();
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = req.getCorrelationId()!;
      let append = pending.get(correlationId.getString());
      if (!append) {
        const options = req.getOptions()!;
        const identifier = options.getStreamIdentifier()!;
        append = { streamId: decode(identifier), identifier, expected: batchExpectedOf(options), events: [] };
        pending.set(correlationId.getString(), append);
      }
      append.events.push(...req.getProposedMessagesList().map(toProposed));
      if (!req.getIsFinal()) return;
      pending.delete(correlationId.getString());
      this.requests.appends++;
      const outcome = this.log.append(append.streamId, append.expected, append.events);
      const resp = new BatchResponse();
      resp.setCorrelationId(correlationId);
      resp.setStreamIdentifier(append.identifier);
      if (outcome.ok) {
        const success = new BatchResponse.Success();
        success.setCurrentRevision(String(outcome.currentRevision));
        success.setPosition(atPosition(new sharedPb.AllStreamPosition(), outcome));
        resp.setSuccess(success);
      } else {
        resp.setError(wrongExpectedVersionStatus(outcome.currentRevision, outcome.expected));
      }
      call.write(resp);
    });
    call.on('end', () => call.end());
  };

  read = (call: ReadCall): void => {
    const options = call.request.getOptions()!;
    if (options.hasStream() && !options.hasSubscription()) this.requests.streamReads++;
    else if (!options.hasSubscription()) this.requests.allReads++;
    const reading = options.hasStream()
      ? this.readStream(call, options)
      : options.hasSubscription()
        ? this.subscribeToAll(call, options)
        : this.readAll(call, options);
    reading.catch((error: unknown) => call.emit('error', { code: status.INTERNAL, details: String(error) }));
  };

  private wrongExpectedVersion(currentRevision: number, expected: Expected) {
    const wrong = new AppendResponse.WrongExpectedVersion();
    if (currentRevision === -1) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(String(currentRevision));
    if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
    else wrong.setExpectedAny(new sharedPb.Empty());
    return wrong;
  }

  private async readStream(call: ReadCall, options: InstanceType<typeof streamsPb.ReadReq.Options>): Promise<void> {
    const streamOptions = options.getStream()!;
    const streamId = decode(streamOptions.getStreamIdentifier());
    const stream = this.log.stream(streamId);
    if (options.hasSubscription()) {
      call.emit('error', { code: status.UNIMPLEMENTED, details: 'the test server has no stream subscriptions' });
      return;
    }
    if (!stream) {
      const notFound = new Resp.StreamNotFound();
      notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
      const resp = new Resp();
      resp.setStreamNotFound(notFound);
      await send(call, resp);
      call.end();
      return;
    }
    const backwards = options.getReadDirection() === BACKWARDS;
    const count = Number(options.getCount());
    const last = stream.length - 1;
    const from = streamOptions.hasRevision()
      ? Number(streamOptions.getRevision())
      : streamOptions.hasEnd()
        ? backwards
          ? last
          : stream.length
        : 0;
    const records = backwards ? stream.slice(0, Math.min(from, last) + 1).reverse() : stream.slice(from);
    for (const record of records.slice(0, count)) await send(call, toReadEvent(record));
    call.end();
  }

  private async readAll(call: ReadCall, options: InstanceType<typeof streamsPb.ReadReq.Options>): Promise<void> {
    const all = options.getAll()!;
    const backwards = options.getReadDirection() === BACKWARDS;
    const records = this.log.records;
    let index: number;
    if (all.hasPosition()) {
      const position = all.getPosition()!;
      index = this.log.indexAtOrAfter(Number(position.getCommitPosition()), Number(position.getPreparePosition()));
      // Backwards from a position reads what lies before it.
      if (backwards) index -= 1;
    } else {
      index = all.hasEnd() ? (backwards ? records.length - 1 : records.length) : 0;
    }
    const accepts = matcher(options.hasFilter() ? options.getFilter() : undefined) ?? (() => true);
    let left = Number(options.getCount());
    for (let at = index; left > 0 && at >= 0 && at < records.length; at += backwards ? -1 : 1) {
      if (!accepts(records[at]!)) continue;
      await send(call, toReadEvent(records[at]!));
      left--;
    }
    call.end();
  }

  private async subscribeToAll(call: ReadCall, options: InstanceType<typeof streamsPb.ReadReq.Options>): Promise<void> {
    this.liveCalls.add(call);
    this.subscriptionsOpened++;
    let cancelled = false;
    let wake: (() => void) | undefined;
    const stopListening = this.log.onAppend(() => wake?.());
    const stop = () => {
      cancelled = true;
      this.liveCalls.delete(call);
      stopListening();
      wake?.();
    };
    call.on('cancelled', stop);
    call.on('error', stop);
    call.on('close', stop);

    const confirmation = new Resp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const confirmed = new Resp();
    confirmed.setConfirmation(confirmation);
    await send(call, confirmed);

    const all = options.getAll()!;
    // A subscription delivers what comes after its position, unlike a read.
    let next = 0;
    if (all.hasEnd()) next = this.log.records.length;
    if (all.hasPosition()) {
      const position = all.getPosition()!;
      const commit = Number(position.getCommitPosition());
      const prepare = Number(position.getPreparePosition());
      next = this.log.indexAtOrAfter(commit, prepare);
      const atPosition = this.log.records[next];
      if (atPosition && atPosition.commit === commit && atPosition.prepare === prepare) next++;
    }
    const filter = options.hasFilter() ? options.getFilter() : undefined;
    const accepts = matcher(filter) ?? (() => true);
    const checkpointEvery = filter ? Math.max(1, filter.getCheckpointintervalmultiplier()) * CHECKPOINT_BASE : undefined;
    let scanned = 0;
    let caughtUp = false;

    while (!cancelled) {
      if (next >= this.log.records.length) {
        if (!caughtUp) {
          caughtUp = true;
          const resp = new Resp();
          resp.setCaughtUp(new Resp.CaughtUp());
          await send(call, resp);
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const record = this.log.records[next++]!;
      scanned++;
      if (accepts(record)) {
        if (this.faults.dropAfterEvents !== undefined && this.sentBySubscriptions >= this.faults.dropAfterEvents) {
          this.faults.dropAfterEvents = undefined;
          call.emit('error', { code: status.UNAVAILABLE, details: 'subscription dropped by the test server' });
          return;
        }
        this.sentBySubscriptions++;
        await send(call, toReadEvent(record));
      }
      if (checkpointEvery !== undefined && scanned % checkpointEvery === 0) {
        const checkpoint = new Resp.Checkpoint();
        checkpoint.setCommitPosition(String(record.commit));
        checkpoint.setPreparePosition(String(record.prepare));
        const resp = new Resp();
        resp.setCheckpoint(checkpoint);
        await send(call, resp);
      }
    }
  }
}
