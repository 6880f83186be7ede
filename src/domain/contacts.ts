import { createHash } from 'node:crypto';
import { z } from 'zod/v4';
import { AmparoError } from '../errors';
import { change, type Case, type Change, type Step } from './case';
import { choice, day, dayAt, optionalCalendarDay, text } from './fields';
import type { Sealed } from './sealed';
import type { SubmissionKey } from './submission-key';

/**
 * G13: the rapporteurs keep contact with the person or group at risk, or their representative,
 * while they decide what to do. Each contact is kept apart from the case (the `contacts`
 * collection): when it was, how, with whom, a summary sealed to the contact, and when the next
 * one is due. The register says that a contact was recorded, never what was said.
 */
export const CONTACT_MEANS = ['in_person', 'phone', 'secure_messaging', 'email', 'through_ngo'] as const;
type ContactMeans = (typeof CONTACT_MEANS)[number];

export const CONTACT_PARTIES = ['person', 'representative'] as const;
type ContactParty = (typeof CONTACT_PARTIES)[number];

export const CONTACT_LIMITS = { summary: 2000 } as const;

export interface Contact {
  _id: string;
  caseId: string;
  committee: string;
  /** The calendar day of the contact, `YYYY-MM-DD`. */
  on: string;
  means: ContactMeans;
  party: ContactParty;
  /** What was said, sealed bound to the case and this contact (`contactOwner`). */
  summary: Sealed;
  /** The calendar day the next contact is planned for, after `on`. */
  nextDueOn?: string;
  recordedBy: string;
  recordedAt: Date;
}

/**
 * A contact's id, from the submission that records it (`<person>:<platform>:<id>`), so that the
 * same submission saved twice (a double click, a resubmission after a timeout) is one contact.
 */
export function contactId(submissionKey: SubmissionKey): string {
  return `ct-${createHash('sha256').update(submissionKey).digest('hex').slice(0, 24)}`;
}

/** Who a sealed summary belongs to, as `caseBinding` names an owner: it cannot be moved to another contact. */
export function contactOwner(contactId: string): string {
  return `contact:${contactId}`;
}

/** The register entry of a recorded contact: its id follows from the contact's, so it is written once. */
export function contactEventId(contactId: string): string {
  return `${contactOwner(contactId)}:recorded`;
}


/** A contact's answers as typed, each checked alone; when they may be is checked against the clock (`contactTimingErrors`). */
export const contactShape = z.object({
  on: day,
  means: choice(CONTACT_MEANS),
  party: choice(CONTACT_PARTIES),
  summary: text(CONTACT_LIMITS.summary),
  nextDueOn: optionalCalendarDay,
});

export type ContactInput = z.input<typeof contactShape>;
export type ContactAnswers = z.output<typeof contactShape>;

/**
 * A contact has happened (not after today); the next one is planned after it, and not in the
 * past. By field, as message keys; empty when the days fit.
 */
export function contactTimingErrors(answers: Pick<ContactAnswers, 'on' | 'nextDueOn'>, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  if (answers.on > dayAt(now, 14)) errors.on = 'errors.field.date_future';
  if (answers.nextDueOn !== undefined && (answers.nextDueOn <= answers.on || answers.nextDueOn < dayAt(now, -12))) errors.nextDueOn = 'contacts.errors.next_due';
  return errors;
}

/** What a caller gives, checked whole against the clock (passed in, never read here). */
export const contactInputSchema = (now: () => Date) =>
  contactShape
    .refine((answers) => contactTimingErrors(answers, now()).on === undefined, { error: 'errors.field.date_future', path: ['on'] })
    .refine((answers) => contactTimingErrors(answers, now()).nextDueOn === undefined, { error: 'contacts.errors.next_due', path: ['nextDueOn'] });

/** A contact is recorded on an open case whose texts are kept; a closed case is reopened first. */
export function assertContactable(c: { reference: string; status: string; textsDestroyed?: unknown }): void {
  if (c.textsDestroyed) throw new AmparoError('INVALID_STATE', 'retention.case_destroyed', { reference: c.reference });
  if (c.status === 'closed') throw new AmparoError('INVALID_STATE', 'errors.case.closed', { reference: c.reference });
}

/** A case's contacts in the order they happened (recording order within a day). */
export function contactHistory(contacts: readonly Contact[]): Contact[] {
  return [...contacts].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.recordedAt.getTime() - b.recordedAt.getTime() || (a._id < b._id ? -1 : 1)));
}

/** The next contact planned: the one the latest contact set, if any. */
export function nextContactDue(contacts: readonly Contact[]): string | undefined {
  return contactHistory(contacts).at(-1)?.nextDueOn;
}

/**
 * G13: the case keeps the one fact its contact reminders are planned from, the day the next
 * contact is due (midnight UTC), as the latest of its contacts plans it; none when that one plans
 * none. Applied after each contact is stored, on the case as it is then, so that of two contacts
 * recorded at once the later write sees both. No register entry of its own: the contact's
 * (`contact.recorded`, `nextPlanned`) says it.
 */
export function planNextContact(c: Case, step: Step, contacts: readonly Contact[]): Change {
  const day = nextContactDue(contacts.filter((k) => k.caseId === c._id));
  const { nextContactDue: _was, ...rest } = c;
  return change(rest, step, day ? { nextContactDue: new Date(`${day}T00:00:00Z`) } : {}, []);
}
