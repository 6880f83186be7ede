import type { Clock, IdSource } from '../clock';
import type { Case } from '../domain/case';
import { assertContactable, contactEventId, contactId, contactInputSchema, contactOwner, planNextContact, type Contact, type ContactInput } from '../domain/contacts';
import { can, caseFacts } from '../domain/policy';
import type { RegisterEvent } from '../domain/register';
import type { Actor } from '../domain/roles';
import { AmparoError } from '../errors';
import { submissionKey } from '../domain/submission-key';
import { StoreConflict, type Store } from '../store/store';
import type { CaseService } from './cases';
import { caseBinding, type Binding, type KeyRing } from './crypto';
import type { RegisterService } from './register';

/** A contact as its viewer sees it: the summary opened for them. */
export interface ContactEntry {
  contact: Contact;
  summary: string;
}

/** What a contact's summary is sealed bound to: its case, its field and the contact itself. */
export function contactSummaryBinding(caseId: string, contactId: string): Binding {
  return caseBinding(caseId, 'contactSummary', contactOwner(contactId));
}

/**
 * G13: the contact log. A rapporteur records each contact with the person or group at risk, or
 * their representative; the rapporteurs and the chair read it with the case. Each contact is a
 * document of its own, its summary sealed to it, and an entry in the case's register that
 * carries codes only.
 */
export class ContactService {
  constructor(private readonly deps: { store: Store; keys: KeyRing; clock: Clock; ids: IdSource; cases: CaseService; register: RegisterService }) {}

  /**
   * Stores the contact, then registers it under an id that follows from the contact's, so that
   * a register entry missed by a crash in between is written when the case is next read
   * (`forCase`), and never twice. Then the case takes the next contact's day from its contacts
   * (`planNextContact`), so that the contact reminders are planned again (G13); the same
   * submission saved again after a crash in between brings the case up to date.
   */
  async record(actor: Actor, reference: string, input: ContactInput, platformKey?: string): Promise<{ case: Case; contact: Contact }> {
    const { store, keys, clock, ids } = this.deps;
    const c = await this.deps.cases.load(actor, reference, 'record_contact');
    assertContactable(c);
    const parsed = contactInputSchema(() => clock.now()).safeParse(input);
    if (!parsed.success) throw new AmparoError('INVALID_INPUT', 'contacts.errors.invalid', { reference: c.reference });
    const { summary, nextDueOn, ...facts } = parsed.data;
    // Scoped to the person, so that a key replayed by someone else never reaches their contact.
    const id = platformKey ? contactId(submissionKey(actor.personId, platformKey)) : ids.next();
    const contact: Contact = {
      _id: id,
      caseId: c._id,
      committee: c.committee,
      ...facts,
      summary: keys.seal(summary, contactSummaryBinding(c._id, id)),
      ...(nextDueOn ? { nextDueOn } : {}),
      recordedBy: actor.personId,
      recordedAt: clock.now(),
    };
    try {
      await store.insertContact(contact);
    } catch (error) {
      // The same submission saved before: that contact, registered if a crash left it not.
      const first = error instanceof StoreConflict ? (await store.listContacts(c._id)).find((k) => k._id === id) : undefined;
      if (!first) throw error;
      await this.register(first);
      return { case: await this.planNext(actor, c), contact: first };
    }
    await this.register(contact);
    return { case: await this.planNext(actor, c), contact };
  }

  /** One version-guarded change of the case (`CaseService.mutate`), which tells the scheduler. */
  private async planNext(actor: Actor, c: Case): Promise<Case> {
    return this.deps.cases.mutate(actor, c.reference, 'record_contact', async (current, step) => planNextContact(current, step, await this.deps.store.listContacts(current._id)));
  }

  /**
   * The case's contacts for someone who has opened it (`CaseReader` recorded the opening), with
   * their summaries opened; none for someone the policy does not let read them. `history`, the
   * register as the opening read it, tells which contacts a crash left unregistered.
   */
  async forCase(actor: Actor, c: Case, history: readonly RegisterEvent[]): Promise<ContactEntry[] | undefined> {
    if (!can(actor, 'view_contacts', { committee: c.committee, case: caseFacts(c) })) return undefined;
    const contacts = await this.deps.store.listContacts(c._id);
    const registered = new Set(history.map((e) => e.id));
    for (const contact of contacts) if (!registered.has(contactEventId(contact._id))) await this.register(contact);
    return contacts.map((contact) => ({ contact, summary: this.deps.keys.open(contact.summary, contactSummaryBinding(c._id, contact._id)) }));
  }

  private async register(contact: Contact): Promise<void> {
    await this.deps.register.recordOnce(contact.caseId, {
      id: contactEventId(contact._id),
      at: contact.recordedAt,
      actorId: contact.recordedBy,
      type: 'contact.recorded',
      data: { means: contact.means, party: contact.party, nextPlanned: contact.nextDueOn !== undefined },
    });
  }
}
