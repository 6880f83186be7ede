import type { Case, CaseStatus } from '../domain/case';
import type { CaseListing, CaseSearch } from '../domain/case-search';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import type { Contact } from '../domain/contacts';
import type { CaseInformation } from '../domain/case-information';

/**
 * The Store port. Two implementations (MongoDB, embedded) pass one contract suite
 * (test/contract). Every method is a single-document operation: atomicity comes from
 * unique indexes, `{_id, version}`-guarded replacements and `findOneAndUpdate` claims, never
 * from transactions (docs/ARCHITECTURE.md, "The store"). Stores receive sensitive fields
 * already sealed; they never see plaintext.
 */
export interface Store {
  /** `mongodb` or `embedded`, for the startup banner and /readyz. */
  readonly kind: 'mongodb' | 'embedded';
  /** Creates indexes (MongoDB) or loads the data (embedded); safe to call on every start, by several processes at once. */
  init(): Promise<void>;
  /** Throws StoreUnavailable when the store cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;

  saveCommittee(committee: Committee): Promise<void>;
  getCommittee(id: TreatyBody): Promise<Committee | null>;
  listCommittees(): Promise<Committee[]>;

  /** Throws StoreConflict('_id') or StoreConflict('identityKeys') when the id or an identity key is taken. */
  insertPerson(person: Person): Promise<void>;
  getPerson(id: string): Promise<Person | null>;
  /** The people with these ids, in one read (those not found are left out, in no set order). */
  getPeople(ids: string[]): Promise<Person[]>;
  findPersonByIdentity(identityKey: string): Promise<Person | null>;
  /**
   * Stores `person` (version `expectedVersion + 1`) if the stored one is `expectedVersion`;
   * false when another writer got there first. Of concurrent writers from one version, one wins.
   */
  replacePerson(person: Person, expectedVersion: number): Promise<boolean>;
  /** Everyone holding or having held a role in the committee, in display-name order. */
  listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]>;

  /** Highest `seq` among the committee's cases of that year, 0 when there is none (an index lookup). */
  lastCaseSeq(committee: TreatyBody, year: number): Promise<number>;
  /**
   * Throws StoreConflict('submissionKey') when a case with the same submission key exists, else
   * StoreConflict('reference') when the reference (or its number) is taken, StoreConflict('_id').
   */
  insertCase(c: Case): Promise<void>;
  getCase(id: string): Promise<Case | null>;
  findCaseByReference(reference: string): Promise<Case | null>;
  findCaseBySubmissionKey(submissionKey: string): Promise<Case | null>;
  /**
   * Stores `c` (whose version must be `expectedVersion + 1`) if the stored version is
   * `expectedVersion`; false when another writer got there first. Of any number of
   * concurrent writers from the same version, exactly one succeeds. What it replaces is gone.
   */
  replaceCase(c: Case, expectedVersion: number): Promise<boolean>;
  /** Cases matching every given criterion, oldest first. */
  listCases(filter: CaseFilter): Promise<Case[]>;
  /** Finding a case: the committees' cases meeting every criterion given, newest first, at most `limit`; only what identifies each. */
  searchCases(search: CaseSearch): Promise<CaseListing[]>;
  /** Ids of cases whose outbox holds entries (some may already be in the register). */
  casesWithPendingEvents(): Promise<string[]>;
  /** The register holds these outbox entries now: they leave the case's outbox (its version stays). */
  clearOutbox(caseId: string, entryIds: string[]): Promise<void>;
  /**
   * The case's G10 alert went out to everyone: it is owed no more (its version moves on), and
   * the outbox entries `registered` (now in the register) leave the case. Idempotent.
   */
  settleAlert(caseId: string, registered?: string[]): Promise<void>;
  /** Ids of cases whose G10 alert is still owed (`alertOwed`), oldest first. */
  casesOwingAlerts(): Promise<string[]>;
  /** The notice owed on the case under `occurrence` went out to everyone: it leaves `noticesOwed` (the version moves on). Idempotent. */
  settleNotice(caseId: string, occurrence: string): Promise<void>;
  /** Ids of cases that still owe a notice (`noticesOwed`), in no set order. */
  casesOwingNotices(): Promise<string[]>;

  /** Holds a submission acknowledged but not yet saved. Idempotent on its `_id`. */
  holdSubmission(held: HeldSubmission): Promise<void>;
  /** The held submission is saved (or answered with a reason). Idempotent. */
  releaseSubmission(id: string): Promise<void>;
  /** Submissions still held, oldest first: what a process that died left unfinished. */
  heldSubmissions(): Promise<HeldSubmission[]>;

  /** Throws StoreConflict('id') or StoreConflict('caseId_seq') when the entry's id or its place in the chain is taken. */
  appendEvent(event: RegisterEvent): Promise<void>;
  getEvent(id: string): Promise<RegisterEvent | null>;
  lastEvent(caseId: string): Promise<RegisterEvent | null>;
  /** A case's register in chain order. */
  listEvents(caseId: string): Promise<RegisterEvent[]>;

  /**
   * Where to reach a person proactively on a platform (a Teams conversation reference),
   * kept per identity; the latest one wins.
   */
  saveConversation(identityKey: string, reference: Record<string, unknown>, at: Date): Promise<void>;
  getConversation(identityKey: string): Promise<Record<string, unknown> | null>;

  /** Stores a planned reminder; false when one with this id exists already (planning is idempotent). */
  insertReminder(reminder: Reminder): Promise<boolean>;
  /** Stores many planned reminders at once (those whose id exists are left as they are); how many were new. */
  insertReminders(reminders: Reminder[]): Promise<number>;
  getReminder(id: string): Promise<Reminder | null>;
  /** Stores `reminder` (version `expectedVersion + 1`) if the stored one is `expectedVersion`. */
  replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean>;
  /**
   * Claims the oldest reminder due at `now` that nobody is sending (pending, and never claimed
   * or its lease lapsed) for `owner` until `leaseUntil`, counting the attempt; one write, so
   * that of any number of processes exactly one gets each reminder. Null when none is due.
   */
  claimDueReminder(now: Date, owner: string, leaseUntil: Date): Promise<Reminder | null>;
  /** Pending reminders due at `now` or before, oldest first, claimed or not. */
  dueReminders(now: Date, limit: number): Promise<Reminder[]>;
  /** A series' reminders, or a case's, optionally only those in the given statuses. */
  findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]>;

  /** Someone acknowledged a series: none of its reminders goes out any more. Idempotent. */
  acknowledgeSeries(series: string, at: Date, by: string): Promise<void>;
  /** Those of the given series that someone acknowledged. */
  acknowledgedSeries(series: string[]): Promise<string[]>;

  /**
   * Records a platform delivery key; false when it was already recorded (a retry). Keys are
   * forgotten after the store's delivery-key lifetime (`AMPARO_DELIVERY_KEY_DAYS`).
   */
  claimDelivery(key: string, at: Date): Promise<boolean>;
  /**
   * Claims messages before they are sent, one key per message and person: a key nobody holds
   * is claimed at `at`; one held but never marked sent whose claim is from `lapsedBefore` or
   * earlier (its sender died) is taken over. Returns the keys claimed now (of any number of
   * processes claiming one key, exactly one gets it) and, of the others, those already sent.
   */
  claimDeliveries(keys: string[], at: Date, lapsedBefore: Date): Promise<DeliveryClaims>;
  /**
   * The messages of these claims went out: their keys are never taken over. `shown` keeps, by
   * key, where a platform shows the message, so that it can be brought up to date later.
   */
  markDelivered(keys: string[], at: Date, shown?: Record<string, Record<string, string>>): Promise<void>;
  /** The messages sent under keys that start with `prefix`, with where each is shown (only those that say). */
  deliveredMessages(prefix: string): Promise<Array<{ key: string; message: Record<string, string> }>>;

  /** G17: throws StoreConflict('_id') when a practice with this id is stored already (a retry). */
  insertPractice(practice: GoodPractice): Promise<void>;
  /** Practices matching every given criterion (recorded from `from`, before `to`), oldest first. */
  listPractices(filter: PracticeFilter): Promise<GoodPractice[]>;

  /** G13: throws StoreConflict('_id') when a contact with this id is stored already. */
  insertContact(contact: Contact): Promise<void>;
  /** A case's contacts, by the day they happened (then by when they were recorded). */
  listContacts(caseId: string): Promise<Contact[]>;
  /** Key rotation: the contact's summary becomes `summary` if it is still `expected`; false otherwise. */
  replaceContactSummary(id: string, expected: Contact['summary'], summary: Contact['summary']): Promise<boolean>;

  /** G10, G11: throws StoreConflict('_id') when information with this id is stored already (a retry). */
  insertCaseInformation(information: CaseInformation): Promise<void>;
  /** The information added to a case, in the order it was added. */
  listCaseInformation(caseId: string): Promise<CaseInformation[]>;
  /** Its G10 alert went out to everyone: the addition owes it no more (`owed` is cleared). Idempotent. */
  settleInformation(id: string): Promise<void>;
  /** Additions whose alert is still owed, in the order they were added. */
  informationOwed(): Promise<CaseInformation[]>;
  /** Key rotation: the addition's text becomes `text` if it is still `expected`; false otherwise. */
  replaceCaseInformationText(id: string, expected: CaseInformation['text'], text: CaseInformation['text']): Promise<boolean>;
}

export interface DeliveryClaims {
  claimed: string[];
  sent: string[];
}

export interface PracticeFilter {
  committees?: TreatyBody[];
  from?: Date;
  to?: Date;
}

export interface CaseFilter {
  committees?: TreatyBody[];
  statuses?: CaseStatus[];
  reporterId?: string;
  consultedCountryRapporteurId?: string;
  /** G16: cases with a referral to one of these committees. */
  referredTo?: TreatyBody[];
}

export class StoreConflict extends Error {
  constructor(readonly constraint: string) {
    super(`duplicate ${constraint}`);
    this.name = 'StoreConflict';
  }
}

export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('the store is unavailable', { cause });
    this.name = 'StoreUnavailable';
  }
}
