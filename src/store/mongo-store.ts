import { MongoClient, MongoServerError, type Collection, type Db, type Document, type IndexDescription } from 'mongodb';
import type { Case } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import { StoreConflict, StoreUnavailable, type CaseFilter, type PracticeFilter, type Store } from './store';
import { ReminderSchedule } from './reminder-schedule';
import { VersionedCollection } from './versioned-collection';

type EventDoc = Omit<RegisterEvent, 'id'> & { _id: string };
type StampDoc = { _id: string; at: Date };

/** The indexes the store's queries rely on, by collection (`amparo db indexes` lists them). */
export const EXPECTED_INDEXES: Readonly<Record<string, IndexDescription[]>> = {
  cases: [
    { key: { reference: 1 }, name: 'reference_unique', unique: true },
    { key: { submissionKey: 1 }, name: 'submission_unique', unique: true },
    { key: { committee: 1, year: 1, seq: 1 }, name: 'sequence_unique', unique: true },
    { key: { committee: 1, status: 1 }, name: 'committee_status' },
    { key: { reporterId: 1 }, name: 'reporter' },
  ],
  reminders: [
    { key: { series: 1 }, name: 'series' },
    { key: { caseId: 1 }, name: 'case' },
  ],
  events: [{ key: { caseId: 1, seq: 1 }, name: 'chain_unique', unique: true }],
  pending_alerts: [{ key: { at: 1 }, name: 'owed_since' }],
  held_submissions: [{ key: { at: 1 }, name: 'held_since' }],
  people: [
    { key: { identityKeys: 1 }, name: 'identity' },
    { key: { 'roles.committee': 1 }, name: 'committee_roles' },
  ],
  practices: [{ key: { committee: 1, createdAt: 1 }, name: 'committee_recorded' }],
};

export interface IndexState {
  collection: string;
  name: string;
  key: Record<string, number>;
  unique: boolean;
  present: boolean;
}

/**
 * The MongoDB store. It stays inside what MongoDB 6.0+ and FerretDB 1.24 both support: no
 * transactions, no $lookup, no TTL indexes, no array-of-subdocument $pull or $elemMatch.
 *
 * Atomicity comes from inserts under unique indexes, never from conditional updates:
 * FerretDB 1.24 runs an update as "find, then write by _id", so two `{_id, version}`-guarded
 * updates can both match, and `$inc` loses counts. Cases and people therefore change through
 * a VersionedCollection (see there).
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly db: Db;
  private readonly versionedCases: VersionedCollection<Case>;
  private readonly versionedPeople: VersionedCollection<Person>;
  private readonly schedule: ReminderSchedule;

  private constructor(
    private readonly client: MongoClient,
    databaseName: string,
  ) {
    this.db = client.db(databaseName);
    this.versionedCases = new VersionedCollection<Case>(this.db, 'cases');
    this.versionedPeople = new VersionedCollection<Person>(this.db, 'people');
    this.schedule = new ReminderSchedule(this.db);
  }

  /** Counts every command sent to the server (benchmarks compare counts across sizes). */
  onCommand(listener: (name: string) => void): void {
    this.client.on('commandStarted', (event) => listener(event.commandName));
  }

  static async connect(uri: string, databaseName: string): Promise<MongoStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ignoreUndefined: true, monitorCommands: true });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new StoreUnavailable(error);
    }
    return new MongoStore(client, databaseName);
  }

  private get committees(): Collection<Committee> {
    return this.db.collection<Committee>('committees');
  }
  private get people(): Collection<Person> {
    return this.versionedPeople.latest;
  }
  private get cases(): Collection<Case> {
    return this.versionedCases.latest;
  }
  private get events(): Collection<EventDoc> {
    return this.db.collection<EventDoc>('events');
  }
  private get deliveries(): Collection<StampDoc> {
    return this.db.collection<StampDoc>('deliveries');
  }
  private get conversations(): Collection<{ _id: string; reference: Record<string, unknown>; at: Date }> {
    return this.db.collection('conversations');
  }
  private get acknowledged(): Collection<{ _id: string; at: Date; by: string }> {
    return this.db.collection('reminder_series_acknowledged');
  }
  private get held(): Collection<HeldSubmission> {
    return this.db.collection<HeldSubmission>('held_submissions');
  }
  private get alerts(): Collection<StampDoc> {
    return this.db.collection<StampDoc>('pending_alerts');
  }
  private get practices(): Collection<GoodPractice> {
    return this.db.collection<GoodPractice>('practices');
  }

  async init(): Promise<void> {
    await this.createMissingIndexes();
  }

  /** Each index the store relies on, and whether the database has it. */
  async indexes(): Promise<IndexState[]> {
    const states: IndexState[] = [];
    for (const [collection, specs] of Object.entries(EXPECTED_INDEXES)) {
      const existing = await existingIndexes(this.db.collection(collection));
      for (const spec of specs) states.push({ collection, name: spec.name as string, key: spec.key as Record<string, number>, unique: spec.unique === true, present: existing.includes(spec.name as string) });
    }
    return states;
  }

  /** Creates the indexes that are missing (only those: see `ensureIndexes`); returns their names. */
  async createMissingIndexes(): Promise<string[]> {
    const created: string[] = [];
    for (const [collection, specs] of Object.entries(EXPECTED_INDEXES)) created.push(...(await ensureIndexes(this.db.collection(collection), specs)).map((name) => `${collection}.${name}`));
    return created;
  }

  async ping(): Promise<void> {
    await guard(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async saveCommittee(committee: Committee): Promise<void> {
    await guard(() => this.committees.replaceOne({ _id: committee._id }, committee, { upsert: true }));
  }

  async getCommittee(id: TreatyBody): Promise<Committee | null> {
    return guard(() => this.committees.findOne({ _id: id }));
  }

  async listCommittees(): Promise<Committee[]> {
    return guard(() => this.committees.find().sort({ _id: 1 }).toArray());
  }

  async insertPerson(person: Person): Promise<void> {
    // Identity keys are checked here rather than by a unique multikey index, which
    // FerretDB does not enforce across array elements the way MongoDB does.
    const holder = await guard(() => this.people.findOne({ identityKeys: { $in: person.identityKeys } }, { projection: { _id: 1 } }));
    if (holder) throw new StoreConflict('identityKeys');
    await insertOrConflict(() => this.people.insertOne(person), async () => '_id');
  }

  async getPerson(id: string): Promise<Person | null> {
    return guard(() => this.versionedPeople.get(id));
  }

  async findPersonByIdentity(identityKey: string): Promise<Person | null> {
    return guard(() => this.versionedPeople.find({ identityKeys: identityKey }));
  }

  async replacePerson(person: Person, expectedVersion: number): Promise<boolean> {
    return guard(() => this.versionedPeople.commit(person, expectedVersion, isDuplicateKey));
  }

  async listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]> {
    return guard(() => this.people.find({ 'roles.committee': committee }).sort({ displayName: 1 }).toArray());
  }

  async lastCaseSeq(committee: TreatyBody, year: number): Promise<number> {
    const last = await guard(() =>
      this.cases.find({ committee, year }, { projection: { seq: 1 } }).sort({ seq: -1 }).limit(1).next(),
    );
    return last?.seq ?? 0;
  }

  async insertCase(c: Case): Promise<void> {
    // The server's message does not always name the index, so the constraint is looked up.
    await insertOrConflict(
      () => this.cases.insertOne(c),
      async () => {
        if (await this.cases.findOne({ submissionKey: c.submissionKey }, { projection: { _id: 1 } })) return 'submissionKey';
        if (await this.cases.findOne({ reference: c.reference }, { projection: { _id: 1 } })) return 'reference';
        return '_id';
      },
    );
  }

  async getCase(id: string): Promise<Case | null> {
    return guard(() => this.versionedCases.get(id));
  }

  async findCaseByReference(reference: string): Promise<Case | null> {
    return guard(() => this.versionedCases.find({ reference }));
  }

  async findCaseBySubmissionKey(submissionKey: string): Promise<Case | null> {
    return guard(() => this.versionedCases.find({ submissionKey }));
  }

  async replaceCase(c: Case, expectedVersion: number): Promise<boolean> {
    return guard(() => this.versionedCases.commit(c, expectedVersion, isDuplicateKey));
  }

  async forgetSupersededVersions(caseId: string): Promise<void> {
    await guard(() => this.versionedCases.forgetSuperseded(caseId));
  }

  async listCases(filter: CaseFilter): Promise<Case[]> {
    const query: Document = {};
    if (filter.committees) query.committee = { $in: filter.committees };
    if (filter.statuses) query.status = { $in: filter.statuses };
    if (filter.reporterId !== undefined) query.reporterId = filter.reporterId;
    if (filter.consultedCountryRapporteurId !== undefined) {
      query['assessment.consultation.countryRapporteurId'] = filter.consultedCountryRapporteurId;
    }
    return guard(() => this.cases.find(query).sort({ createdAt: 1, seq: 1 }).toArray());
  }

  async casesWithPendingEvents(): Promise<string[]> {
    const pending = await guard(() =>
      this.cases.find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } }).toArray(),
    );
    return pending.map((c) => c._id);
  }

  async addPendingAlert(caseId: string, at: Date): Promise<void> {
    try {
      await insertOrConflict(() => this.alerts.insertOne({ _id: caseId, at }), async () => '_id');
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
    }
  }

  async removePendingAlert(caseId: string): Promise<void> {
    await guard(() => this.alerts.deleteOne({ _id: caseId }));
  }

  async pendingAlerts(): Promise<string[]> {
    const owed = await guard(() => this.alerts.find().sort({ at: 1 }).toArray());
    return owed.map((a) => a._id);
  }

  async holdSubmission(held: HeldSubmission): Promise<void> {
    try {
      await insertOrConflict(() => this.held.insertOne(held), async () => '_id');
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
    }
  }

  async releaseSubmission(id: string): Promise<void> {
    await guard(() => this.held.deleteOne({ _id: id }));
  }

  async heldSubmissions(): Promise<HeldSubmission[]> {
    return guard(() => this.held.find().sort({ at: 1 }).toArray());
  }

  async appendEvent(event: RegisterEvent): Promise<void> {
    const { id, ...rest } = event;
    await insertOrConflict(
      () => this.events.insertOne({ _id: id, ...rest }),
      async () => ((await this.events.findOne({ _id: id }, { projection: { _id: 1 } })) ? 'id' : 'caseId_seq'),
    );
  }

  async getEvent(id: string): Promise<RegisterEvent | null> {
    return fromEventDoc(await guard(() => this.events.findOne({ _id: id })));
  }

  async lastEvent(caseId: string): Promise<RegisterEvent | null> {
    return fromEventDoc(await guard(() => this.events.find({ caseId }).sort({ seq: -1 }).limit(1).next()));
  }

  async listEvents(caseId: string): Promise<RegisterEvent[]> {
    const docs = await guard(() => this.events.find({ caseId }).sort({ seq: 1 }).toArray());
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
    return guard(() => this.schedule.insert(reminder, isDuplicateKey));
  }

  async getReminder(id: string): Promise<Reminder | null> {
    return guard(() => this.schedule.get(id));
  }

  async replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    return guard(() => this.schedule.commit(reminder, expectedVersion, isDuplicateKey));
  }

  async dueReminders(now: Date, limit: number): Promise<Reminder[]> {
    return guard(() => this.schedule.due(now, limit));
  }

  async findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]> {
    return guard(() => this.schedule.find(filter));
  }

  async acknowledgeSeries(series: string, at: Date, by: string): Promise<void> {
    try {
      await insertOrConflict(() => this.acknowledged.insertOne({ _id: series, at, by }), async () => '_id');
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
    }
  }

  async seriesAcknowledged(series: string): Promise<boolean> {
    return (await guard(() => this.acknowledged.findOne({ _id: series }))) !== null;
  }

  async claimDelivery(key: string, at: Date): Promise<boolean> {
    try {
      await insertOrConflict(() => this.deliveries.insertOne({ _id: key, at }), async () => '_id');
      return true;
    } catch (error) {
      if (error instanceof StoreConflict) return false;
      throw error;
    }
  }

  async insertPractice(practice: GoodPractice): Promise<void> {
    await insertOrConflict(() => this.practices.insertOne(practice), async () => '_id');
  }

  async listPractices(filter: PracticeFilter): Promise<GoodPractice[]> {
    const query: Document = {};
    if (filter.committees) query.committee = { $in: filter.committees };
    if (filter.from || filter.to) query.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return guard(() => this.practices.find(query).sort({ createdAt: 1, _id: 1 }).toArray());
  }
}

function fromEventDoc(doc: EventDoc | null): RegisterEvent | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates the indexes a collection lacks, one by one. Asking FerretDB 1.24 to create an
 * index that exists already can make it drop the connection, so existing ones are skipped.
 */
async function ensureIndexes<T extends Document>(collection: Collection<T>, specs: IndexDescription[]): Promise<string[]> {
  const existing = await existingIndexes(collection);
  const created: string[] = [];
  for (const spec of specs) {
    if (existing.includes(spec.name as string)) continue;
    await guard(() => collection.createIndexes([spec]));
    created.push(spec.name as string);
  }
  return created;
}

/** The names of a collection's indexes; none while the collection does not exist. */
async function existingIndexes<T extends Document>(collection: Collection<T>): Promise<string[]> {
  return guard(async () => {
    try {
      return (await collection.listIndexes().toArray()).map((index) => String(index.name));
    } catch (error) {
      if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    }
  });
}

/** Maps a duplicate-key error to StoreConflict, naming the constraint that was hit. */
async function insertOrConflict(insert: () => Promise<unknown>, constraint: () => Promise<string>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isDuplicateKey(error)) throw new StoreConflict(await guard(constraint));
    throw asUnavailable(error);
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
