import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type Db, type Document, type Filter, type IndexDescription, type OptionalUnlessRequiredId, type WriteError } from 'mongodb';
import type { Case } from '../domain/case';
import type { CaseListing, CaseSearch } from '../domain/case-search';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import { contactHistory, type Contact } from '../domain/contacts';
import { informationHistory, type CaseInformation } from '../domain/case-information';
import { DEFAULT_DELIVERY_KEY_DAYS, indexes, QUERIES, UNIQUE_CONSTRAINTS, type IndexedQuery } from './mongo-schema';
import { StoreConflict, StoreUnavailable, type CaseFilter, type DeliveryClaims, type PracticeFilter, type Store } from './store';

type EventDoc = Omit<RegisterEvent, 'id'> & { _id: string };
type StampDoc = { _id: string; at: Date; sentAt?: Date; message?: Record<string, string> };

export interface IndexState {
  collection: string;
  name: string;
  key: Record<string, number>;
  unique: boolean;
  present: boolean;
}

export interface MongoStoreOptions {
  /** How long a delivery key is kept (a TTL index), in days. */
  deliveryKeyDays?: number;
}

/**
 * The MongoDB store, written as MongoDB is meant to be used (docs/ARCHITECTURE.md, "The
 * store"): a change is one `replaceOne` guarded by `{_id, version}`; a reminder is claimed
 * with one `findOneAndUpdate`; uniqueness (references, submissions, identities, the register's
 * chain) comes from unique indexes, and a refused insert names the index that refused it;
 * delivery keys expire through a TTL index; every query is served by an index created at
 * start (`mongo-schema.ts`). Nothing relies on multi-document transactions.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly db: Db;
  private readonly deliveryKeyDays: number;

  private constructor(
    private readonly client: MongoClient,
    databaseName: string,
    options: MongoStoreOptions,
  ) {
    this.db = client.db(databaseName);
    this.deliveryKeyDays = options.deliveryKeyDays ?? DEFAULT_DELIVERY_KEY_DAYS;
  }

  /** Counts every command sent to the server (benchmarks compare counts across sizes). */
  onCommand(listener: (name: string, collection: string) => void): void {
    this.client.on('commandStarted', (event) => {
      const target: unknown = event.command[event.commandName];
      listener(event.commandName, typeof target === 'string' ? target : '');
    });
  }

  static async connect(uri: string, databaseName: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ignoreUndefined: true, monitorCommands: true });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new StoreUnavailable(error);
    }
    return new MongoStore(client, databaseName, options);
  }

  private collection<T extends Document>(name: string): Collection<T> {
    return this.db.collection<T>(name);
  }
  private get committees() {
    return this.collection<Committee>('committees');
  }
  private get people() {
    return this.collection<Person>('people');
  }
  private get cases() {
    return this.collection<Case>('cases');
  }
  private get events() {
    return this.collection<EventDoc>('events');
  }
  private get deliveries() {
    return this.collection<StampDoc>('deliveries');
  }
  private get conversations() {
    return this.collection<{ _id: string; reference: Record<string, unknown>; at: Date }>('conversations');
  }
  private get acknowledged() {
    return this.collection<{ _id: string; at: Date; by: string }>('reminder_series_acknowledged');
  }
  private get held() {
    return this.collection<HeldSubmission>('held_submissions');
  }
  private get reminders() {
    return this.collection<Reminder>('reminders');
  }
  private get practices() {
    return this.collection<GoodPractice>('practices');
  }
  private get contacts() {
    return this.collection<Contact>('contacts');
  }
  private get caseInformation() {
    return this.collection<CaseInformation>('case_information');
  }

  /** Runs one of the store's indexed queries (`mongo-schema.ts`). */
  private find<T extends Document>(query: IndexedQuery, projection?: Document) {
    let cursor = this.collection<T>(query.collection).find(query.filter as Filter<T>, projection ? { projection } : {});
    if (query.sort) cursor = cursor.sort(query.sort);
    if (query.limit) cursor = cursor.limit(query.limit);
    return cursor;
  }

  async init(): Promise<void> {
    await this.createMissingIndexes();
  }

  /** The indexes the store creates at start, for this deployment's settings. */
  expectedIndexes(): Readonly<Record<string, IndexDescription[]>> {
    return indexes(this.deliveryKeyDays);
  }

  /** Each index the store relies on, and whether the database has it (by name and key). */
  async indexes(): Promise<IndexState[]> {
    const states: IndexState[] = [];
    for (const [collection, specs] of Object.entries(this.expectedIndexes())) {
      const existing = await existingIndexes(this.db.collection(collection));
      for (const spec of specs) {
        const found = existing.find((index) => index.name === spec.name);
        const present = found !== undefined && JSON.stringify(found.key) === JSON.stringify(spec.key);
        states.push({ collection, name: spec.name as string, key: spec.key as Record<string, number>, unique: spec.unique === true, present });
      }
    }
    return states;
  }

  /**
   * One idempotent `createIndexes` per collection (existing indexes are left as they are; a
   * delivery-key lifetime that changed is set with `collMod`). Several processes may start at
   * once: what the server reports as transient (a lock, a race creating the collection) is
   * retried. Returns the names of the indexes that were missing.
   */
  async createMissingIndexes(): Promise<string[]> {
    const missing = (await this.indexes()).filter((index) => !index.present).map((index) => `${index.collection}.${index.name}`);
    for (const [collection, specs] of Object.entries(this.expectedIndexes())) {
      await retryTransient(() => this.createIndexes(collection, specs));
    }
    return missing;
  }

  private async createIndexes(collection: string, specs: IndexDescription[]): Promise<void> {
    try {
      await guard(() => this.db.collection(collection).createIndexes(specs));
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === INDEX_OPTIONS_CONFLICT)) throw error;
      // Only a TTL may differ from a previous start (the delivery-key lifetime is a setting).
      for (const spec of specs.filter((s) => s.expireAfterSeconds !== undefined)) {
        await guard(() => this.db.command({ collMod: collection, index: { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds } }));
      }
      await guard(() => this.db.collection(collection).createIndexes(specs));
    }
  }

  async ping(): Promise<void> {
    await guard(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async saveCommittee(committee: Committee): Promise<void> {
    // Two upserts of a new document at the same moment (processes starting together) can meet
    // on the unique _id: the second then finds it and replaces it.
    await retryTransient(() => guard(() => this.committees.replaceOne({ _id: committee._id }, committee, { upsert: true })), 3, isDuplicate);
  }

  async getCommittee(id: TreatyBody): Promise<Committee | null> {
    return guard(() => this.committees.findOne({ _id: id }));
  }

  async listCommittees(): Promise<Committee[]> {
    return guard(() => this.committees.find().sort({ _id: 1 }).toArray());
  }

  async insertPerson(person: Person): Promise<void> {
    await writeOrConflict(() => this.people.insertOne(person));
  }

  async getPerson(id: string): Promise<Person | null> {
    return guard(() => this.people.findOne({ _id: id }));
  }

  async getPeople(ids: string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    return guard(() => this.people.find({ _id: { $in: ids } }).toArray());
  }

  async findPersonByIdentity(identityKey: string): Promise<Person | null> {
    return guard(() => this.find<Person>(QUERIES.personByIdentity(identityKey)).limit(1).next());
  }

  async replacePerson(person: Person, expectedVersion: number): Promise<boolean> {
    if (person.version !== expectedVersion + 1) throw new Error('a replaced person must carry the next version');
    return replaceVersion(this.people, person, expectedVersion);
  }

  async listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]> {
    return guard(() => this.find<Person>(QUERIES.peopleOfCommittee(committee)).sort({ displayName: 1 }).toArray());
  }

  async lastCaseSeq(committee: TreatyBody, year: number): Promise<number> {
    const last = await guard(() => this.find<Case>(QUERIES.lastCaseSeq(committee, year), { seq: 1 }).next());
    return last?.seq ?? 0;
  }

  async insertCase(c: Case): Promise<void> {
    await writeOrConflict(() => this.cases.insertOne(c));
  }

  async getCase(id: string): Promise<Case | null> {
    return guard(() => this.cases.findOne({ _id: id }));
  }

  async findCaseByReference(reference: string): Promise<Case | null> {
    return guard(() => this.find<Case>(QUERIES.caseByReference(reference)).next());
  }

  async findCaseBySubmissionKey(submissionKey: string): Promise<Case | null> {
    return guard(() => this.find<Case>(QUERIES.caseBySubmissionKey(submissionKey)).next());
  }

  async replaceCase(c: Case, expectedVersion: number): Promise<boolean> {
    if (c.version !== expectedVersion + 1) throw new Error('a replaced case must carry the next version');
    return replaceVersion(this.cases, c, expectedVersion);
  }

  async listCases(filter: CaseFilter): Promise<Case[]> {
    const query: Document = {};
    if (filter.committees) Object.assign(query, QUERIES.casesOfCommittees(filter.committees, filter.statuses).filter);
    else if (filter.statuses) query.status = { $in: filter.statuses };
    if (filter.reporterId !== undefined) Object.assign(query, QUERIES.casesReportedBy(filter.reporterId).filter);
    if (filter.consultedCountryRapporteurId !== undefined) Object.assign(query, QUERIES.casesConsulting(filter.consultedCountryRapporteurId).filter);
    if (filter.referredTo !== undefined) Object.assign(query, QUERIES.casesReferredTo(filter.referredTo).filter);
    return guard(() => this.cases.find(query).sort({ createdAt: 1, seq: 1 }).toArray());
  }

  async searchCases(search: CaseSearch): Promise<CaseListing[]> {
    const query = QUERIES.caseSearch(search);
    const projection = { _id: 1, reference: 1, committee: 1, stateParty: 1, status: 1, createdAt: 1 };
    return guard(() => this.cases.find(query.filter, { projection }).sort(query.sort ?? {}).limit(query.limit ?? 0).toArray());
  }

  async casesWithPendingEvents(): Promise<string[]> {
    const pending = await guard(() => this.find<Case>(QUERIES.casesWithOutbox(), { _id: 1 }).toArray());
    return pending.map((c) => c._id);
  }

  async clearOutbox(caseId: string, entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await guard(() => this.cases.updateOne({ _id: caseId }, { $pull: { outbox: { id: { $in: entryIds } } } }));
  }

  async settleAlert(caseId: string, registered: string[] = []): Promise<void> {
    const clear = registered.length > 0 ? { $pull: { outbox: { id: { $in: registered } } } } : {};
    await guard(() => this.cases.updateOne({ _id: caseId, alertOwed: true }, { $unset: { alertOwed: '' }, $inc: { version: 1 }, ...clear }));
  }

  async casesOwingAlerts(): Promise<string[]> {
    const owing = await guard(() => this.find<Case>(QUERIES.casesOwingAlerts(), { _id: 1, createdAt: 1 }).toArray());
    return owing.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((c) => c._id);
  }

  async settleNotice(caseId: string, occurrence: string): Promise<void> {
    await guard(() => this.cases.updateOne({ _id: caseId, 'noticesOwed.occurrence': occurrence }, { $pull: { noticesOwed: { occurrence } }, $inc: { version: 1 } }));
  }

  async casesOwingNotices(): Promise<string[]> {
    return (await guard(() => this.find<Case>(QUERIES.casesOwingNotices(), { _id: 1 }).toArray())).map((c) => c._id);
  }

  async holdSubmission(held: HeldSubmission): Promise<void> {
    await ignoreConflict(() => writeOrConflict(() => this.held.insertOne(held)));
  }

  async releaseSubmission(id: string): Promise<void> {
    await guard(() => this.held.deleteOne({ _id: id }));
  }

  async heldSubmissions(): Promise<HeldSubmission[]> {
    return guard(() => this.held.find().sort({ at: 1 }).toArray());
  }

  async appendEvent(event: RegisterEvent): Promise<void> {
    const { id, ...rest } = event;
    await writeOrConflict(() => this.events.insertOne({ _id: id, ...rest }), { _id: 'id' });
  }

  async getEvent(id: string): Promise<RegisterEvent | null> {
    return fromEventDoc(await guard(() => this.events.findOne({ _id: id })));
  }

  async lastEvent(caseId: string): Promise<RegisterEvent | null> {
    return fromEventDoc(await guard(() => this.find<EventDoc>(QUERIES.lastEvent(caseId)).next()));
  }

  async listEvents(caseId: string): Promise<RegisterEvent[]> {
    const docs = await guard(() => this.find<EventDoc>(QUERIES.eventsOfCase(caseId)).toArray());
    return docs.map((doc) => fromEventDoc(doc) as RegisterEvent);
  }

  async saveConversation(identityKey: string, reference: Record<string, unknown>, at: Date): Promise<void> {
    await guard(() => this.conversations.replaceOne({ _id: identityKey }, { reference, at }, { upsert: true }));
  }

  async getConversation(identityKey: string): Promise<Record<string, unknown> | null> {
    const found = await guard(() => this.conversations.findOne({ _id: identityKey }));
    return found?.reference ?? null;
  }

  async insertReminder(reminder: Reminder): Promise<boolean> {
    return ignoreConflict(async () => {
      await writeOrConflict(() => this.reminders.insertOne(reminder));
      return true;
    }, false);
  }

  async insertReminders(reminders: Reminder[]): Promise<number> {
    if (reminders.length === 0) return 0;
    return reminders.length - (await insertEach(this.reminders, reminders)).length;
  }

  async getReminder(id: string): Promise<Reminder | null> {
    return guard(() => this.reminders.findOne({ _id: id }));
  }

  async replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    if (reminder.version !== expectedVersion + 1) throw new Error('a replaced reminder must carry the next version');
    return replaceVersion(this.reminders, reminder, expectedVersion);
  }

  async claimDueReminder(now: Date, owner: string, leaseUntil: Date): Promise<Reminder | null> {
    const query = QUERIES.claimableReminder(now);
    return guard(() =>
      this.reminders.findOneAndUpdate(query.filter as Filter<Reminder>, { $set: { leaseOwner: owner, leaseUntil }, $inc: { version: 1, attempts: 1 } }, { sort: query.sort, returnDocument: 'after' }),
    );
  }

  async dueReminders(now: Date, limit: number): Promise<Reminder[]> {
    return guard(() => this.find<Reminder>(QUERIES.dueReminders(now, limit)).toArray());
  }

  async findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]> {
    const query: Document = {
      ...(filter.series !== undefined ? QUERIES.remindersOfSeries(filter.series).filter : {}),
      ...(filter.caseId !== undefined ? QUERIES.remindersOfCase(filter.caseId).filter : {}),
      ...(filter.statuses ? { status: { $in: filter.statuses } } : {}),
    };
    return guard(() => this.reminders.find(query).sort({ dueAt: 1, _id: 1 }).toArray());
  }

  async acknowledgeSeries(series: string, at: Date, by: string): Promise<void> {
    await ignoreConflict(() => writeOrConflict(() => this.acknowledged.insertOne({ _id: series, at, by })));
  }

  async acknowledgedSeries(series: string[]): Promise<string[]> {
    if (series.length === 0) return [];
    const found = await guard(() => this.acknowledged.find({ _id: { $in: series } }, { projection: { _id: 1 } }).toArray());
    return found.map((doc) => doc._id);
  }

  async claimDelivery(key: string, at: Date): Promise<boolean> {
    return ignoreConflict(async () => {
      await writeOrConflict(() => this.deliveries.insertOne({ _id: key, at }));
      return true;
    }, false);
  }

  async claimDeliveries(keys: string[], at: Date, lapsedBefore: Date): Promise<DeliveryClaims> {
    if (keys.length === 0) return { claimed: [], sent: [] };
    const taken = await insertEach(this.deliveries, keys.map((_id) => ({ _id, at })));
    const claimed = keys.filter((key) => !taken.includes(key));
    const sent: string[] = [];
    for (const key of taken) {
      const lapsed = await guard(() => this.deliveries.findOneAndUpdate({ _id: key, sentAt: { $exists: false }, at: { $lte: lapsedBefore } }, { $set: { at } }));
      if (lapsed) claimed.push(key);
    }
    if (claimed.length < keys.length) {
      const held = keys.filter((key) => !claimed.includes(key));
      for (const doc of await guard(() => this.deliveries.find({ _id: { $in: held }, sentAt: { $exists: true } }, { projection: { _id: 1 } }).toArray())) sent.push(doc._id);
    }
    return { claimed, sent };
  }

  async markDelivered(keys: string[], at: Date, shown: Record<string, Record<string, string>> = {}): Promise<void> {
    if (keys.length === 0) return;
    const plain = keys.filter((key) => !shown[key]);
    if (plain.length === keys.length) {
      await guard(() => this.deliveries.updateMany({ _id: { $in: keys } }, { $set: { sentAt: at } }));
      return;
    }
    // One command still: each message's own place, where a platform said it.
    await guard(() =>
      this.deliveries.bulkWrite(
        [
          ...(plain.length > 0 ? [{ updateMany: { filter: { _id: { $in: plain } }, update: { $set: { sentAt: at } } } }] : []),
          ...keys.filter((key) => shown[key]).map((key) => ({ updateOne: { filter: { _id: key }, update: { $set: { sentAt: at, message: shown[key] as Record<string, string> } } } })),
        ],
        { ordered: false },
      ),
    );
  }

  async deliveredMessages(prefix: string): Promise<Array<{ key: string; message: Record<string, string> }>> {
    const docs = await guard(() => this.find<StampDoc>(QUERIES.deliveredWithPrefix(prefix)).toArray());
    return docs.filter((doc) => doc.message).map((doc) => ({ key: doc._id, message: doc.message as Record<string, string> }));
  }

  async insertPractice(practice: GoodPractice): Promise<void> {
    await writeOrConflict(() => this.practices.insertOne(practice));
  }

  async listPractices(filter: PracticeFilter): Promise<GoodPractice[]> {
    const query = filter.committees
      ? QUERIES.practicesOf(filter.committees, filter.from, filter.to)
      : { collection: 'practices', filter: filter.from || filter.to ? { createdAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } } : {}, sort: { createdAt: 1, _id: 1 }, index: '' };
    return guard(() => this.find<GoodPractice>(query).toArray());
  }

  async insertContact(contact: Contact): Promise<void> {
    await writeOrConflict(() => this.contacts.insertOne(contact));
  }

  async listContacts(caseId: string): Promise<Contact[]> {
    return contactHistory(await guard(() => this.find<Contact>(QUERIES.contactsOfCase(caseId)).toArray()));
  }

  async replaceContactSummary(id: string, expected: Contact['summary'], summary: Contact['summary']): Promise<boolean> {
    const result = await guard(() => this.contacts.updateOne({ _id: id, summary: expected }, { $set: { summary } }));
    return result.matchedCount === 1;
  }

  async insertCaseInformation(information: CaseInformation): Promise<void> {
    await writeOrConflict(() => this.caseInformation.insertOne(information));
  }

  async listCaseInformation(caseId: string): Promise<CaseInformation[]> {
    return informationHistory(await guard(() => this.find<CaseInformation>(QUERIES.informationOfCase(caseId)).toArray()));
  }

  async settleInformation(id: string): Promise<void> {
    await guard(() => this.caseInformation.updateOne({ _id: id, owed: true }, { $unset: { owed: '' } }));
  }

  async informationOwed(): Promise<CaseInformation[]> {
    return informationHistory(await guard(() => this.find<CaseInformation>(QUERIES.informationOwed()).toArray()));
  }

  async replaceCaseInformationText(id: string, expected: CaseInformation['text'], text: CaseInformation['text']): Promise<boolean> {
    const result = await guard(() => this.caseInformation.updateOne({ _id: id, text: expected }, { $set: { text } }));
    return result.matchedCount === 1;
  }
}

function fromEventDoc(doc: EventDoc | null): RegisterEvent | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

const DUPLICATE_KEY = 11000;
const INDEX_OPTIONS_CONFLICT = 85;
const NAMESPACE_NOT_FOUND = 26;

/**
 * The unique index a duplicate-key error names: MongoDB gives `keyPattern` and says
 * `index: <name> dup key`; FerretDB 2 says `Index '<name>'`.
 */
function duplicateIndexName(error: MongoServerError): string | undefined {
  const message = error.errmsg ?? error.message;
  const named = /index: (\S+) dup key/.exec(message) ?? /Index '([^']+)'/.exec(message);
  if (named) return named[1];
  const pattern = error.keyPattern as Record<string, unknown> | undefined;
  if (pattern && Object.keys(pattern).length === 1 && '_id' in pattern) return '_id_';
  return undefined;
}

/** Maps a duplicate-key error to StoreConflict, naming the constraint its index enforces. */
async function writeOrConflict(insert: () => Promise<unknown>, names: Readonly<Record<string, string>> = {}): Promise<void> {
  try {
    // Two inserts racing on two unique indexes can each wait for the other; the server ends
    // one of them as a transient error (a deadlock), which is simply tried again.
    await retryTransient(insert);
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
      const index = duplicateIndexName(error) ?? 'unknown';
      const constraint = UNIQUE_CONSTRAINTS[index] ?? index;
      throw new StoreConflict(names[constraint] ?? constraint);
    }
    throw asUnavailable(error);
  }
}

/**
 * Replaces a document only at the version it was read: of concurrent writers from one
 * version exactly one matches. A replacement taking another document's unique key (an
 * identity already someone else's) is a StoreConflict naming it.
 */
async function replaceVersion<T extends { _id: string; version: number }>(collection: Collection<T>, doc: T, expectedVersion: number): Promise<boolean> {
  let matched = false;
  await writeOrConflict(async () => {
    const result = await collection.replaceOne({ _id: doc._id, version: expectedVersion } as Filter<T>, doc);
    matched = result.matchedCount === 1;
  });
  return matched;
}

/** Inserts every document it can in one command; returns the ids that were there already. */
async function insertEach<T extends { _id: string }>(collection: Collection<T>, docs: T[]): Promise<string[]> {
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw asUnavailable(error);
    const failures = ([] as WriteError[]).concat(error.writeErrors);
    if (failures.some((failure) => failure.code !== DUPLICATE_KEY)) throw error;
    return failures.map((failure) => docs[failure.index]?._id).filter((id): id is string => id !== undefined);
  }
}

async function ignoreConflict<T>(operation: () => Promise<T>, otherwise?: T): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StoreConflict) return otherwise as T;
    throw error;
  }
}

/** The names and keys of a collection's indexes; none while the collection does not exist. */
async function existingIndexes(collection: Collection<Document>): Promise<Array<{ name: string; key: Document }>> {
  return guard(async () => {
    try {
      return (await collection.listIndexes().toArray()).map((index) => ({ name: String(index.name), key: index.key as Document }));
    } catch (error) {
      if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    }
  });
}

/**
 * Server errors that another attempt can clear: what MongoDB labels transient, a write
 * conflict, and what two processes creating one collection at once meet on the test server
 * (a PostgreSQL deadlock, a duplicate catalogue entry).
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  if (error.hasErrorLabel('TransientTransactionError') || error.hasErrorLabel('RetryableWriteError')) return true;
  if ([112, 11600, 11602, 189, 91, 262].includes(Number(error.code))) return true;
  return /deadlock detected|could not serialize|concurrent|duplicate key value violates unique constraint|already exists/i.test(error.errmsg ?? error.message);
}

const isDuplicate = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/** Up to 8 attempts with a short, growing pause between them. */
async function retryTransient<T>(operation: () => Promise<T>, attempts = 8, also: (error: unknown) => boolean = () => false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !(isTransient(error) || also(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 20)));
    }
  }
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw asUnavailable(error);
  }
}

/** Server-side refusals are bugs to surface as they are; lost connections are "unavailable". */
function asUnavailable(error: unknown): unknown {
  if (error instanceof MongoServerError) return error;
  if (error instanceof StoreConflict || error instanceof StoreUnavailable) return error;
  return new StoreUnavailable(error);
}
