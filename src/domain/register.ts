import { createHash } from 'node:crypto';

/**
 * The register (G11, G32): every change and every disclosure of a case, and every role given or
 * ended (G8), in order, each entry chained to the one before by a hash so that alteration,
 * removal or reordering shows.
 * Entries carry enums, ids and counts, never a sensitive text.
 */
type EventValue = string | number | boolean | null | string[];
export type EventData = Record<string, EventValue>;

/** Every kind of register entry: changes of the case, disclosures, notifications, role terms. */
export const EVENT_TYPES = [
  'allegation.received',
  'case.opened',
  'assessment.started',
  'assessment.sources_recorded',
  'assessment.country_rapporteur_consulted',
  'assessment.completed',
  'proposal.made',
  'proposal.decided',
  'consent.updated',
  'case.closed',
  'case.reopened',
  'proposal.completed',
  'proposal.withdrawn',
  'case.resealed',
  'proposal.deadline_extended',
  'notification.sent',
  'reminder.sent',
  'reminder.failed',
  'reminder.cancelled',
  'reminder.acknowledged',
  'reminder.snoozed',
  // G16: a referral to another committee, and each opening of what it shares.
  'case.referred',
  'referral.opened',
  'retention.destroyed',
  // G8: a role term given or ended early, in the committee's register of roles (`roleRegister`).
  'role.granted',
  'role.ended',
  // G13: a contact with the person at risk or their representative (codes only, never the summary).
  'contact.recorded',
  // G12: a rapporteur took the lead on the case, or the lead was given to another (ids only).
  'lead.taken',
  'lead.assigned',
  // G10, G11: information added to a case after its report (codes only, never what it says).
  'information.added',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface PendingEvent {
  id: string;
  at: Date;
  actorId: string;
  type: EventType;
  data: EventData;
}

export interface RegisterEvent extends PendingEvent {
  caseId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chains of the register: one per case (its id), and one per committee for its roles,
 * `roles:<committee>` (G8, G11), so that who was given a duty, and by whom, shows as any change
 * of a case does.
 */
const ROLE_REGISTER_PREFIX = 'roles:';

export function roleRegister(committee: string): string {
  return `${ROLE_REGISTER_PREFIX}${committee}`;
}

/** JSON with sorted keys, so the hash does not depend on how a store orders fields. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(entry: Omit<RegisterEvent, 'hash'>): string {
  const { id, caseId, seq, at, actorId, type, data, prevHash } = entry;
  return createHash('sha256').update(canonical({ id, caseId, seq, at, actorId, type, data, prevHash })).digest('hex');
}

export function chain(caseId: string, previous: RegisterEvent | null, pending: PendingEvent): RegisterEvent {
  const unhashed = { ...pending, caseId, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: hashOf(unhashed) };
}

export type ChainProblem = 'altered' | 'missing' | 'reordered';
export type ChainReport = { intact: true; entries: number } | { intact: false; seq: number; problem: ChainProblem };

/** Walks entries in stored order and names the first one that breaks the chain. */
export function verifyChain(entries: RegisterEvent[]): ChainReport {
  let previous: RegisterEvent | null = null;
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq) {
      return { intact: false, seq: expectedSeq, problem: entry.seq > expectedSeq ? 'missing' : 'reordered' };
    }
    // A link that no longer matches means the entry before it was rewritten, hash and all.
    if (entry.prevHash !== (previous?.hash ?? GENESIS_HASH)) return { intact: false, seq: previous?.seq ?? entry.seq, problem: 'altered' };
    const { hash, ...unhashed } = entry;
    if (hashOf(unhashed) !== hash) return { intact: false, seq: entry.seq, problem: 'altered' };
    previous = entry;
  }
  return { intact: true, entries: entries.length };
}
