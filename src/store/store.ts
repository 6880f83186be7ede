import type { Case, CaseStatus } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';

/**
 * The Store port. Two implementations (MongoDB, embedded) pass one contract suite
 * (test/contract). Every method is a single-document operation: atomicity comes from
 * unique indexes and `version` guards, never from transactions (DESIGN.md, "Running").
 * Stores receive sensitive fields already sealed; they never see plaintext.
 */
export interface Store {
  /** `mongodb` or `embedded`, for the startup banner and /readyz. */
  readonly kind: 'mongodb' | 'embedded';
  /** Creates indexes; safe to call on every start. */
  init(): Promise<void>;
  /** Throws StoreUnavailable when the store cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;

  saveCommittee(committee: Committee): Promise<void>;
  getCommittee(id: TreatyBody): Promise<Committee | null>;
  listCommittees(): Promise<Committee[]>;

  /** Throws StoreConflict when the id or an identity key is taken. */
  insertPerson(person: Person): Promise<void>;
  getPerson(id: string): Promise<Person | null>;
  findPersonByIdentity(identityKey: string): Promise<Person | null>;
  /** Stores `person` (version `expectedVersion + 1`) if the stored one is `expectedVersion`. */
  replacePerson(person: Person, expectedVersion: number): Promise<boolean>;
  /** Everyone holding or having held a role in the committee, in display-name order. */
  listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]>;

  /** Highest `seq` among the committee's cases of that year, 0 when there is none. */
  lastCaseSeq(committee: TreatyBody, year: number): Promise<number>;
  /** Throws StoreConflict('reference') or StoreConflict('submissionKey') on a duplicate. */
  insertCase(c: Case): Promise<void>;
  getCase(id: string): Promise<Case | null>;
  findCaseByReference(reference: string): Promise<Case | null>;
  findCaseBySubmissionKey(submissionKey: string): Promise<Case | null>;
  /**
   * Stores `c` (whose version must be `expectedVersion + 1`) if the stored version is
   * `expectedVersion`; false when another writer got there first. Of any number of
   * concurrent writers from the same version, exactly one succeeds.
   */
  replaceCase(c: Case, expectedVersion: number): Promise<boolean>;
  /**
   * Forgets the content of the case's superseded versions where a store keeps them (key
   * rotation must leave no copy under the old key); the version guard keeps working.
   */
  forgetSupersededVersions(caseId: string): Promise<void>;
  /** Cases matching every given criterion, oldest first. */
  listCases(filter: CaseFilter): Promise<Case[]>;
  /** Ids of cases whose outbox holds entries (some may already be in the register). */
  casesWithPendingEvents(): Promise<string[]>;

  /** Notes, before a case is stored, that its G10 alert is owed. Idempotent. */
  addPendingAlert(caseId: string, at: Date): Promise<void>;
  /** The alert went out (or its case was never stored). Idempotent. */
  removePendingAlert(caseId: string): Promise<void>;
  /** Case ids whose alert is still owed, oldest first. */
  pendingAlerts(): Promise<string[]>;

  /** Holds a submission acknowledged but not yet saved. Idempotent on its `_id`. */
  holdSubmission(held: HeldSubmission): Promise<void>;
  /** The held submission is saved (or answered with a reason). Idempotent. */
  releaseSubmission(id: string): Promise<void>;
  /** Submissions still held, oldest first: what a process that died left unfinished. */
  heldSubmissions(): Promise<HeldSubmission[]>;

  /** Throws StoreConflict when the entry's id or its (caseId, seq) is taken. */
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
  getReminder(id: string): Promise<Reminder | null>;
  /** Stores `reminder` (version `expectedVersion + 1`) if the stored one is `expectedVersion`. */
  replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean>;
  /** Pending reminders due at `now` or before, oldest first; served by an index on (status, dueAt). */
  dueReminders(now: Date, limit: number): Promise<Reminder[]>;
  /** A series' reminders, or a case's, optionally only those in the given statuses. */
  findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]>;

  /** Someone acknowledged a series: none of its reminders goes out any more. Idempotent. */
  acknowledgeSeries(series: string, at: Date, by: string): Promise<void>;
  seriesAcknowledged(series: string): Promise<boolean>;

  /** Records a platform delivery key; false when it was already recorded (a retry). */
  claimDelivery(key: string, at: Date): Promise<boolean>;

  /** G17: throws StoreConflict('_id') when a practice with this id is stored already (a retry). */
  insertPractice(practice: GoodPractice): Promise<void>;
  /** Practices matching every given criterion (recorded from `from`, before `to`), oldest first. */
  listPractices(filter: PracticeFilter): Promise<GoodPractice[]>;
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
