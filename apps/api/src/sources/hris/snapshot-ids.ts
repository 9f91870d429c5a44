import { createHash } from 'node:crypto';

/** The namespace of every HR snapshot event id (a random UUID, fixed once: changing it would re-record every snapshot). */
const HRIS_NAMESPACE = 'c3b0e2f4-5d6a-4f7e-9a1b-2c3d4e5f6a7b';

/** RFC 9562 UUIDv5: SHA-1 of namespace and name, with the version and variant bits set. */
export function uuidV5(name: string, namespace = HRIS_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of what a snapshot records about one person: from the org, the source, the person, the kind of change and the instant. */
export const snapshotEventId = (orgId: string, personId: string, type: string, effectiveAt: string) =>
  uuidV5(JSON.stringify([orgId, 'hris', personId, type, effectiveAt]));
