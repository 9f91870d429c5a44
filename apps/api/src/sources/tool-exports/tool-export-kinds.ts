import type { IncomingEvent } from '@orghealth/domain';

export const TOOL_EXPORT_KINDS = ['feedback', 'approvals', 'decisions'] as const;
export type ToolExportKind = (typeof TOOL_EXPORT_KINDS)[number];

/** A row's cells by canonical column; people still as the export names them (an id, or an email). */
export type Cells = (column: string) => string;

/** A person named in a row: by employee id, or by an email looked up at the row's instant. */
export type PersonRef = { column: string; value: string };

/** What one kind of row records, before people are resolved: events whose person fields hold a PersonRef's value, resolved later. */
export interface KindSpec {
  required: readonly string[];
  optional: readonly string[];
  /** The row's events, with people as written; or why the row cannot record anything. */
  events(cells: Cells, orgId: string): { events: Omit<IncomingEvent, 'eventId'>[]; people: Record<string, string> } | { error: string };
}

/** `2025-03-03` or an ISO instant with offset → ISO instant, or undefined. */
export const instantOf = (text: string): string | undefined => {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const at = /T/.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
};

const envelope = (orgId: string, occurredAt: string) => ({ orgId, occurredAt, schemaVersion: 1, metadata: { source: 'csv' } });

const required = (cells: Cells, column: string) => (cells(column) === '' ? `${column} is empty` : undefined);
const dateOf = (cells: Cells, column: string): string | { error: string } =>
  instantOf(cells(column)) ?? {
    error: `${column} must be a date (YYYY-MM-DD) or an ISO instant with offset, not ${JSON.stringify(cells(column))}`,
  };

/** The canonical columns of each kind, and the events a row of it records. */
export const KINDS: Record<ToolExportKind, KindSpec> = {
  feedback: {
    required: ['id', 'giver', 'receiver', 'given_at'],
    optional: ['kind', 'solicited'],
    events(cells, orgId) {
      const missing = ['id', 'giver', 'receiver'].map((column) => required(cells, column)).find(Boolean);
      if (missing) return { error: missing };
      const at = dateOf(cells, 'given_at');
      if (typeof at !== 'string') return at;
      const solicited = cells('solicited').toLowerCase();
      if (!['', 'true', 'false'].includes(solicited))
        return { error: `solicited must be true or false, not ${JSON.stringify(cells('solicited'))}` };
      const data = {
        feedbackId: cells('id'),
        giverId: cells('giver'),
        receiverId: cells('receiver'),
        kind: cells('kind').toLowerCase() || 'coaching',
        solicited: solicited === 'true',
      };
      return {
        events: [{ ...envelope(orgId, at), type: 'FeedbackGiven', data } as Omit<IncomingEvent, 'eventId'>],
        people: { giverId: 'giver', receiverId: 'receiver' },
      };
    },
  },
  approvals: {
    required: ['id', 'requester', 'approver', 'topic', 'requested_at'],
    optional: ['resolved_at', 'outcome'],
    events(cells, orgId) {
      const missing = ['id', 'requester', 'approver', 'topic'].map((column) => required(cells, column)).find(Boolean);
      if (missing) return { error: missing };
      const requestedAt = dateOf(cells, 'requested_at');
      if (typeof requestedAt !== 'string') return requestedAt;
      const requested = {
        ...envelope(orgId, requestedAt),
        type: 'ApprovalRequested',
        data: { requestId: cells('id'), requesterId: cells('requester'), approverId: cells('approver'), topic: cells('topic') },
      };
      if (cells('resolved_at') === '' && cells('outcome') === '')
        return { events: [requested as Omit<IncomingEvent, 'eventId'>], people: { requesterId: 'requester', approverId: 'approver' } };
      if (cells('resolved_at') === '' || cells('outcome') === '')
        return { error: 'resolved_at and outcome go together: give both, or neither for a request still open' };
      const resolvedAt = dateOf(cells, 'resolved_at');
      if (typeof resolvedAt !== 'string') return resolvedAt;
      const resolved = {
        ...envelope(orgId, resolvedAt),
        type: 'ApprovalResolved',
        data: { requestId: cells('id'), outcome: cells('outcome').toLowerCase() },
      };
      return {
        events: [requested, resolved] as Omit<IncomingEvent, 'eventId'>[],
        people: { requesterId: 'requester', approverId: 'approver' },
      };
    },
  },
  decisions: {
    required: ['id', 'kind', 'subject', 'decider', 'decided_at'],
    optional: ['approvers'],
    events(cells, orgId) {
      const missing = ['id', 'kind', 'subject', 'decider'].map((column) => required(cells, column)).find(Boolean);
      if (missing) return { error: missing };
      const at = dateOf(cells, 'decided_at');
      if (typeof at !== 'string') return at;
      const approverIds = cells('approvers')
        .split(';')
        .map((value) => value.trim())
        .filter(Boolean);
      const data = {
        decisionId: cells('id'),
        kind: cells('kind').toLowerCase(),
        subjectId: cells('subject'),
        deciderId: cells('decider'),
        approverIds,
      };
      return {
        events: [{ ...envelope(orgId, at), type: 'DecisionMade', data } as Omit<IncomingEvent, 'eventId'>],
        people: { subjectId: 'subject', deciderId: 'decider', approverIds: 'approvers' },
      };
    },
  },
};
