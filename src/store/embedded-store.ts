import type { Case } from '../domain/case';
import { listing, matchesSearch, newestFirst, type CaseListing, type CaseSearch } from '../domain/case-search';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import { contactHistory, type Contact } from '../domain/contacts';
import { informationHistory, type CaseInformation } from '../domain/case-information';
import { copy, EmbeddedData, type CollectionName, type Documents, type Stamp } from './embedded-data';
import { DeliveryKeys } from './embedded-deliveries';
import { nodeDisk, type JournalDisk } from './embedded-disk';
import { decodeJournal, isJournal } from './embedded-format';
import { DEFAULT_COMPACTION, Journal, type CompactionPolicy } from './embedded-journal';
import { parseSnapshot, type Snapshot } from './json-file';
import { DEFAULT_DELIVERY_KEY_DAYS } from './mongo-schema';
import { StoreConflict, StoreUnavailable, type CaseFilter, type DeliveryClaims, type PracticeFilter, type Store } from './store';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EmbeddedStoreOptions {
  /** How long a delivery key is kept, in days (`AMPARO_DELIVERY_KEY_DAYS`). */
  deliveryKeyDays?: number;
  /** The file system; tests pass one that counts what each change writes. */
  disk?: JournalDisk;
  compaction?: Partial<CompactionPolicy>;
}

/**
 * The embedded store: the collections in memory (embedded-data.ts), kept in a journal file
 * (embedded-journal.ts, format in embedded-format.ts) so that a console session survives a
 * restart. It is meant for trying Amparo and for tests: one process, one store object per file.
 *
 * Why a journal of our own and not an embedded database library: the semantics (unique keys,
 * version guards, copies) live in this code either way, as they do for MongoDB in its indexes;
 * what the file has to add is small (append a document, blank the one it replaces, compact),
 * and the durability suite proves it (test/contract/embedded-durability.test.ts). Each library
 * costs more than that. better-sqlite3 downloads or compiles its binary at install (and v13
 * crashes on Node 20); `node:sqlite` needs Node 22; sql.js holds the database in memory and
 * saves it whole, the cost removed here; lowdb rewrites its file on every write. nedb, lmdb
 * and classic-level (LevelDB) keep a replaced document on disk until they compact or reuse the
 * space, so a text destroyed by retention or re-sealed by key rotation (G11) would stay in the
 * file; here the line that held it is overwritten before the caller hears "saved".
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly data = new EmbeddedData();
  private readonly journal: Journal | undefined;
  private readonly disk: JournalDisk;
  private readonly deliveries: DeliveryKeys;
  private loading: Promise<void> | undefined;

  /** With no file, everything lives in memory and is gone when the process ends. */
  constructor(
    private readonly file?: string,
    options: EmbeddedStoreOptions = {},
  ) {
    this.disk = options.disk ?? nodeDisk;
    this.deliveries = new DeliveryKeys(this.data, (options.deliveryKeyDays ?? DEFAULT_DELIVERY_KEY_DAYS) * DAY_MS, {
      save: (doc) => this.save('deliveries', doc),
      drop: (key) => this.drop('deliveries', key),
    });
    this.journal = file === undefined ? undefined : new Journal(file, this.disk, this.data, { ...DEFAULT_COMPACTION, ...options.compaction });
  }

  init(): Promise<void> {
    return (this.loading ??= this.load());
  }

  private async load(): Promise<void> {
    if (this.file === undefined || this.journal === undefined) return;
    this.journal.open();
    await this.disk.removeUnfinished(this.file);
    const found = await this.disk.read(this.file);
    if (!found) return;
    if (isJournal(found.bytes)) {
      const decoded = decodeJournal(found.bytes);
      for (const { collection, doc } of decoded.documents) this.data.load(collection, doc);
      this.journal.adopt(decoded, found.identity);
      this.deliveries.loaded();
      await this.journal.finishBlanking();
      return;
    }
    // A snapshot from a version before the journal (`store.json`): carried into the journal
    // once, in its place, by one atomic rename; until that rename the snapshot is untouched.
    this.carry(parseSnapshot(found.bytes.toString('utf8')));
    this.journal.replaceAtNextWrite(found.identity);
    if (found.bytes.length > 0) await this.journal.compact();
  }

  /** Those versions kept owed G10 alerts apart (`pendingAlerts`); now the case carries the mark. */
  private carry(snapshot: Snapshot): void {
    const { pendingAlerts = [], ...collections } = snapshot;
    for (const [collection, docs] of Object.entries(collections)) for (const doc of docs) this.data.load(collection, doc);
    for (const { _id } of pendingAlerts as Stamp[]) {
      const owing = this.data.get('cases', _id);
      if (owing) this.data.put('cases', { ...owing, alertOwed: true });
    }
    this.deliveries.loaded();
  }

  async ping(): Promise<void> {
    if (this.journal?.broken !== undefined) throw new StoreUnavailable(this.journal.broken);
  }

  /** Waits for the writes under way; no file stays open between writes. */
  async close(): Promise<void> {
    await this.journal?.settled();
  }

  /** Rewrites the file with only what it holds now (it also happens by itself as replaced text accumulates). */
  async compact(): Promise<void> {
    await this.journal?.compact();
  }

  /** Stores a copy; resolves once the file holds it. Callers change memory before their first await, so the file's order is theirs. */
  private save<C extends CollectionName>(name: C, doc: Documents[C]): Promise<void> {
    const id = this.data.put(name, copy(doc));
    return this.journal ? this.journal.change(name, id) : Promise.resolve();
  }

  private drop(name: CollectionName, id: string): Promise<void> {
    this.data.remove(name, id);
    return this.journal ? this.journal.change(name, id) : Promise.resolve();
  }

  async saveCommittee(committee: Committee): Promise<void> {
    await this.save('committees', committee);
  }

  async getCommittee(id: TreatyBody): Promise<Committee | null> {
    return clone(this.data.get('committees', id));
  }

  async listCommittees(): Promise<Committee[]> {
    return copy([...this.data.tables.committees.values()].sort((a, b) => a._id.localeCompare(b._id)));
  }

  async insertPerson(person: Person): Promise<void> {
    if (this.data.get('people', person._id)) throw new StoreConflict('_id');
    if (person.identityKeys.some((key) => this.data.identities.has(key))) throw new StoreConflict('identityKeys');
    await this.save('people', person);
  }

  async getPerson(id: string): Promise<Person | null> {
    return clone(this.data.get('people', id));
  }

  async getPeople(ids: string[]): Promise<Person[]> {
    return [...new Set(ids)].flatMap((id) => {
      const person = clone(this.data.get('people', id));
      return person ? [person] : [];
    });
  }

  async findPersonByIdentity(identityKey: string): Promise<Person | null> {
    const id = this.data.identities.get(identityKey);
    return clone(id === undefined ? undefined : this.data.get('people', id));
  }

  async replacePerson(person: Person, expectedVersion: number): Promise<boolean> {
    if (person.version !== expectedVersion + 1) throw new Error('a replaced person must carry the next version');
    if (this.data.get('people', person._id)?.version !== expectedVersion) return false;
    if (person.identityKeys.some((key) => (this.data.identities.get(key) ?? person._id) !== person._id)) throw new StoreConflict('identityKeys');
    await this.save('people', person);
    return true;
  }

  async listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]> {
    const people = [...this.data.tables.people.values()].filter((p) => p.roles.some((r) => r.committee === committee));
    return copy(people.sort((a, b) => a.displayName.localeCompare(b.displayName)));
  }

  async lastCaseSeq(committee: TreatyBody, year: number): Promise<number> {
    return this.data.cases.lastSeq(committee, year);
  }

  async insertCase(c: Case): Promise<void> {
    const conflict = this.data.cases.conflict(c) ?? (this.data.get('cases', c._id) ? '_id' : undefined);
    if (conflict) throw new StoreConflict(conflict);
    await this.save('cases', c);
  }

  async getCase(id: string): Promise<Case | null> {
    return clone(this.data.get('cases', id));
  }

  async findCaseByReference(reference: string): Promise<Case | null> {
    return this.caseById(this.data.cases.idByReference(reference));
  }

  async findCaseBySubmissionKey(submissionKey: string): Promise<Case | null> {
    return this.caseById(this.data.cases.idBySubmissionKey(submissionKey));
  }

  private caseById(id: string | undefined): Case | null {
    return clone(id === undefined ? undefined : this.data.get('cases', id));
  }

  async replaceCase(c: Case, expectedVersion: number): Promise<boolean> {
    if (c.version !== expectedVersion + 1) throw new Error('a replaced case must carry the next version');
    if (this.data.get('cases', c._id)?.version !== expectedVersion) return false;
    // A unique index refuses a replacement that takes another case's key, as on MongoDB.
    const conflict = this.data.cases.conflict(c, c._id);
    if (conflict) throw new StoreConflict(conflict);
    await this.save('cases', c);
    return true;
  }

  async listCases(filter: CaseFilter): Promise<Case[]> {
    const matches = [...this.data.tables.cases.values()].filter(
      (c) =>
        (filter.committees === undefined || filter.committees.includes(c.committee)) &&
        (filter.statuses === undefined || filter.statuses.includes(c.status)) &&
        (filter.reporterId === undefined || c.reporterId === filter.reporterId) &&
        (filter.consultedCountryRapporteurId === undefined || c.assessment?.consultation?.countryRapporteurId === filter.consultedCountryRapporteurId) &&
        (filter.referredTo === undefined || (c.referrals ?? []).some((r) => filter.referredTo?.includes(r.to))),
    );
    return copy(matches.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq));
  }

  async searchCases(search: CaseSearch): Promise<CaseListing[]> {
    const found = [...this.data.tables.cases.values()].filter((c) => matchesSearch(c, search));
    return copy(found.sort(newestFirst).slice(0, search.limit).map(listing));
  }

  async casesWithPendingEvents(): Promise<string[]> {
    return [...this.data.cases.withOutbox];
  }

  async clearOutbox(caseId: string, entryIds: string[]): Promise<void> {
    const c = this.data.get('cases', caseId);
    if (!c || !c.outbox.some((e) => entryIds.includes(e.id))) return;
    await this.save('cases', { ...c, outbox: c.outbox.filter((e) => !entryIds.includes(e.id)) });
  }

  async settleAlert(caseId: string, registered: string[] = []): Promise<void> {
    const c = this.data.get('cases', caseId);
    if (!c?.alertOwed) return;
    const settled: Case = { ...c, outbox: c.outbox.filter((e) => !registered.includes(e.id)), version: c.version + 1 };
    delete settled.alertOwed;
    await this.save('cases', settled);
  }

  async casesOwingAlerts(): Promise<string[]> {
    const owing = [...this.data.cases.owingAlert].map((id) => this.data.get('cases', id) as Case);
    return owing.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((c) => c._id);
  }

  async settleNotice(caseId: string, occurrence: string): Promise<void> {
    const c = this.data.get('cases', caseId);
    if (!c?.noticesOwed?.some((n) => n.occurrence === occurrence)) return;
    // As MongoDB's `$pull`: the list stays, empty once nothing is owed.
    await this.save('cases', { ...c, noticesOwed: c.noticesOwed.filter((n) => n.occurrence !== occurrence), version: c.version + 1 });
  }

  async casesOwingNotices(): Promise<string[]> {
    return [...this.data.cases.owingNotices];
  }

  async holdSubmission(held: HeldSubmission): Promise<void> {
    if (this.data.get('heldSubmissions', held._id)) return;
    await this.save('heldSubmissions', held);
  }

  async releaseSubmission(id: string): Promise<void> {
    if (!this.data.get('heldSubmissions', id)) return;
    await this.drop('heldSubmissions', id);
  }

  async heldSubmissions(): Promise<HeldSubmission[]> {
    return copy([...this.data.tables.heldSubmissions.values()].sort((a, b) => a.at.getTime() - b.at.getTime()));
  }

  async appendEvent(event: RegisterEvent): Promise<void> {
    if (this.data.get('events', event.id)) throw new StoreConflict('id');
    if (this.data.chains.get(event.caseId)?.has(event.seq)) throw new StoreConflict('caseId_seq');
    await this.save('events', event);
  }

  async getEvent(id: string): Promise<RegisterEvent | null> {
    return clone(this.data.get('events', id));
  }

  async lastEvent(caseId: string): Promise<RegisterEvent | null> {
    let last: RegisterEvent | undefined;
    for (const event of this.data.chains.get(caseId)?.values() ?? []) if (last === undefined || event.seq > last.seq) last = event;
    return clone(last);
  }

  async listEvents(caseId: string): Promise<RegisterEvent[]> {
    return copy([...(this.data.chains.get(caseId)?.values() ?? [])].sort((a, b) => a.seq - b.seq));
  }

  async saveConversation(identityKey: string, reference: Record<string, unknown>, at: Date): Promise<void> {
    await this.save('conversations', { _id: identityKey, reference, at });
  }

  async getConversation(identityKey: string): Promise<Record<string, unknown> | null> {
    return clone(this.data.get('conversations', identityKey)?.reference);
  }

  async insertReminder(reminder: Reminder): Promise<boolean> {
    if (this.data.get('reminders', reminder._id)) return false;
    await this.save('reminders', reminder);
    return true;
  }

  async insertReminders(reminders: Reminder[]): Promise<number> {
    const fresh = new Map<string, Reminder>();
    for (const r of reminders) if (!this.data.get('reminders', r._id) && !fresh.has(r._id)) fresh.set(r._id, r);
    await Promise.all([...fresh.values()].map((r) => this.save('reminders', r)));
    return fresh.size;
  }

  async getReminder(id: string): Promise<Reminder | null> {
    return clone(this.data.get('reminders', id));
  }

  async replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    if (reminder.version !== expectedVersion + 1) throw new Error('a replaced reminder must carry the next version');
    if (this.data.get('reminders', reminder._id)?.version !== expectedVersion) return false;
    await this.save('reminders', reminder);
    return true;
  }

  async claimDueReminder(now: Date, owner: string, leaseUntil: Date): Promise<Reminder | null> {
    let oldest: Reminder | undefined;
    for (const r of this.pendingDue(now)) {
      const free = r.leaseUntil === undefined || r.leaseUntil.getTime() <= now.getTime();
      if (free && (oldest === undefined || r.dueAt.getTime() < oldest.dueAt.getTime())) oldest = r;
    }
    if (!oldest) return null;
    const claimed: Reminder = { ...oldest, leaseOwner: owner, leaseUntil: new Date(leaseUntil.getTime()), attempts: oldest.attempts + 1, version: oldest.version + 1 };
    await this.save('reminders', claimed);
    return copy(claimed);
  }

  async dueReminders(now: Date, limit: number): Promise<Reminder[]> {
    return copy(this.pendingDue(now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit));
  }

  private pendingDue(now: Date): Reminder[] {
    const due: Reminder[] = [];
    for (const id of this.data.pendingReminders) {
      const r = this.data.get('reminders', id) as Reminder;
      if (r.dueAt.getTime() <= now.getTime()) due.push(r);
    }
    return due;
  }

  async findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]> {
    return copy(
      [...this.data.tables.reminders.values()].filter(
        (r) =>
          (filter.series === undefined || r.series === filter.series) &&
          (filter.caseId === undefined || r.caseId === filter.caseId) &&
          (filter.statuses === undefined || filter.statuses.includes(r.status)),
      ),
    );
  }

  async acknowledgeSeries(series: string, at: Date, by: string): Promise<void> {
    if (this.data.get('acknowledgedSeries', series)) return;
    await this.save('acknowledgedSeries', { _id: series, at, by });
  }

  async acknowledgedSeries(series: string[]): Promise<string[]> {
    return series.filter((id) => this.data.get('acknowledgedSeries', id) !== undefined);
  }

  async claimDelivery(key: string, at: Date): Promise<boolean> {
    return this.deliveries.claim(key, at);
  }

  async claimDeliveries(keys: string[], at: Date, lapsedBefore: Date): Promise<DeliveryClaims> {
    return this.deliveries.claimMany(keys, at, lapsedBefore);
  }

  async markDelivered(keys: string[], at: Date, shown?: Record<string, Record<string, string>>): Promise<void> {
    await this.deliveries.markDelivered(keys, at, shown);
  }
  async deliveredMessages(prefix: string): Promise<Array<{ key: string; message: Record<string, string> }>> {
    return this.deliveries.shownWithPrefix(prefix);
  }


  async insertPractice(practice: GoodPractice): Promise<void> {
    if (this.data.get('practices', practice._id)) throw new StoreConflict('_id');
    await this.save('practices', practice);
  }

  async listPractices(filter: PracticeFilter): Promise<GoodPractice[]> {
    const matches = [...this.data.tables.practices.values()].filter(
      (p) =>
        (filter.committees === undefined || filter.committees.includes(p.committee)) &&
        (filter.from === undefined || p.createdAt.getTime() >= filter.from.getTime()) &&
        (filter.to === undefined || p.createdAt.getTime() < filter.to.getTime()),
    );
    return copy(matches.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1)));
  }

  async insertContact(contact: Contact): Promise<void> {
    if (this.data.get('contacts', contact._id)) throw new StoreConflict('_id');
    await this.save('contacts', contact);
  }

  /** A scan of the contacts: the embedded store is for trying Amparo and for tests. */
  async listContacts(caseId: string): Promise<Contact[]> {
    return copy(contactHistory([...this.data.tables.contacts.values()].filter((c) => c.caseId === caseId)));
  }

  async replaceContactSummary(id: string, expected: Contact['summary'], summary: Contact['summary']): Promise<boolean> {
    const stored = this.data.get('contacts', id);
    if (stored?.summary !== expected) return false;
    await this.save('contacts', { ...stored, summary });
    return true;
  }

  async insertCaseInformation(information: CaseInformation): Promise<void> {
    if (this.data.get('caseInformation', information._id)) throw new StoreConflict('_id');
    await this.save('caseInformation', information);
  }

  /** A scan, as for contacts: the embedded store is for trying Amparo and for tests. */
  async listCaseInformation(caseId: string): Promise<CaseInformation[]> {
    return copy(informationHistory([...this.data.tables.caseInformation.values()].filter((i) => i.caseId === caseId)));
  }

  async settleInformation(id: string): Promise<void> {
    const stored = this.data.get('caseInformation', id);
    if (!stored?.owed) return;
    const settled = { ...stored };
    delete settled.owed;
    await this.save('caseInformation', settled);
  }

  async informationOwed(): Promise<CaseInformation[]> {
    return copy(informationHistory([...this.data.tables.caseInformation.values()].filter((i) => i.owed)));
  }

  async replaceCaseInformationText(id: string, expected: CaseInformation['text'], text: CaseInformation['text']): Promise<boolean> {
    const stored = this.data.get('caseInformation', id);
    if (stored?.text !== expected) return false;
    await this.save('caseInformation', { ...stored, text });
    return true;
  }
}

function clone<T>(value: T | undefined): T | null {
  return value === undefined ? null : copy(value);
}
