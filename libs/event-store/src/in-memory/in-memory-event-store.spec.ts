import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describeEventStoreContract('InMemoryEventStore', {
  open: async () => new InMemoryEventStore(),
  eventIdsUnique: 'per-store',
});
