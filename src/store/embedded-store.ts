import type { Case } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder, ReminderStatus } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import { readSnapshot, writeSnapshot } from './json-file';
import { StoreConflict, type CaseFilter, type PracticeFilter, type Store } from './store';

interface Collections {
  committees: Committee[];
  people: Person[];
  cases: Case[];
  events: RegisterEvent[];
  deliveries: Array<{ _id: string; at: Date }>;
  pendingAlerts: Array<{ _id: string; at: Date }>;
  heldSubmissions: HeldSubmission[];
  conversations: Array<{ _id: string; reference: Record<string, unknown>; at: Date }>;
  reminders: Reminder[];
  acknowledgedSeries: Array<{ _id: string; at: Date; by: string }>;
  practices: GoodPractice[];
}

/**
 * The embedded store: the same collections in memory, optionally kept in one JSON file so
 * that a console session survives a restart. It is meant for trying Amparo and for tests,
 * not for production (one process only).
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private data: Collections = { committees: [], people: [], cases: [], events: [], deliveries: [], pendingAlerts: [], heldSubmissions: [], conversations: [], reminders: [], acknowledgedSeries: [], practices: [] };
  private writing: Promise<void> = Promise.resolve();

  /** With no file, everything lives in memory and is gone when the process ends. */
  constructor(private readonly file?: string) {}

  async init(): Promise<void> {
    if (!this.file) return;
    const snapshot = (await readSnapshot(this.file)) as Partial<Collections> | undefined;
    if (snapshot) this.data = { ...this.data, ...snapshot };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.writing;
  }

  /** Each change is persisted before the caller hears it succeeded, in the order made. */
  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = copy(this.data);
    this.writing = this.writing.then(() => writeSnapshot(file, snapshot));
    return this.writing;
  }

  async saveCommittee(committee: Committee): Promise<void> {
    this.data.committees = [...this.data.committees.filter((c) => c._id !== committee._id), copy(committee)];
    await this.persist();
  }

  async getCommittee(id: TreatyBody): Promise<Committee | null> {
    return clone(this.data.committees.find((c) => c._id === id));
  }

  async listCommittees(): Promise<Committee[]> {
    return copy([...this.data.committees].sort((a, b) => a._id.localeCompare(b._id)));
  }

  async insertPerson(person: Person): Promise<void> {
    if (this.data.people.some((p) => p._id === person._id)) throw new StoreConflict('_id');
    const taken = new Set(this.data.people.flatMap((p) => p.identityKeys));
    if (person.identityKeys.some((key) => taken.has(key))) throw new StoreConflict('identityKeys');
    this.data.people.push(copy(person));
    await this.persist();
  }

  async getPerson(id: string): Promise<Person | null> {
    return clone(this.data.people.find((p) => p._id === id));
  }

  async findPersonByIdentity(identityKey: string): Promise<Person | null> {
    return clone(this.data.people.find((p) => p.identityKeys.includes(identityKey)));
  }

  async replacePerson(person: Person, expectedVersion: number): Promise<boolean> {
    if (person.version !== expectedVersion + 1) throw new Error('a replaced person must carry the next version');
    const index = this.data.people.findIndex((p) => p._id === person._id && p.version === expectedVersion);
    if (index < 0) return false;
    this.data.people[index] = copy(person);
    await this.persist();
    return true;
  }

  async listPeopleOfCommittee(committee: TreatyBody): Promise<Person[]> {
    const people = this.data.people.filter((p) => p.roles.some((r) => r.committee === committee));
    return copy(people.sort((a, b) => a.displayName.localeCompare(b.displayName)));
  }

  async lastCaseSeq(committee: TreatyBody, year: number): Promise<number> {
    return this.data.cases.filter((c) => c.committee === committee && c.year === year).reduce((max, c) => Math.max(max, c.seq), 0);
  }

  async insertCase(c: Case): Promise<void> {
    if (this.data.cases.some((existing) => existing._id === c._id)) throw new StoreConflict('_id');
    if (this.data.cases.some((existing) => existing.reference === c.reference)) throw new StoreConflict('reference');
    if (this.data.cases.some((existing) => existing.submissionKey === c.submissionKey)) throw new StoreConflict('submissionKey');
    this.data.cases.push(copy(c));
    await this.persist();
  }

  async getCase(id: string): Promise<Case | null> {
    return clone(this.data.cases.find((c) => c._id === id));
  }

  async findCaseByReference(reference: string): Promise<Case | null> {
    return clone(this.data.cases.find((c) => c.reference === reference));
  }

  async findCaseBySubmissionKey(submissionKey: string): Promise<Case | null> {
    return clone(this.data.cases.find((c) => c.submissionKey === submissionKey));
  }

  async replaceCase(c: Case, expectedVersion: number): Promise<boolean> {
    if (c.version !== expectedVersion + 1) throw new Error('a replaced case must carry the next version');
    const index = this.data.cases.findIndex((existing) => existing._id === c._id && existing.version === expectedVersion);
    if (index < 0) return false;
    this.data.cases[index] = copy(c);
    await this.persist();
    return true;
  }

  /** The embedded store keeps only the latest version of a case. */
  async forgetSupersededVersions(): Promise<void> {}

  async listCases(filter: CaseFilter): Promise<Case[]> {
    const matches = this.data.cases.filter(
      (c) =>
        (filter.committees === undefined || filter.committees.includes(c.committee)) &&
        (filter.statuses === undefined || filter.statuses.includes(c.status)) &&
        (filter.reporterId === undefined || c.reporterId === filter.reporterId) &&
        (filter.consultedCountryRapporteurId === undefined ||
          c.assessment?.consultation?.countryRapporteurId === filter.consultedCountryRapporteurId),
    );
    return copy(matches.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq));
  }

  async casesWithPendingEvents(): Promise<string[]> {
    return this.data.cases.filter((c) => c.outbox.length > 0).map((c) => c._id);
  }

  async addPendingAlert(caseId: string, at: Date): Promise<void> {
    if (this.data.pendingAlerts.some((a) => a._id === caseId)) return;
    this.data.pendingAlerts.push({ _id: caseId, at });
    await this.persist();
  }

  async removePendingAlert(caseId: string): Promise<void> {
    this.data.pendingAlerts = this.data.pendingAlerts.filter((a) => a._id !== caseId);
    await this.persist();
  }

  async pendingAlerts(): Promise<string[]> {
    return [...this.data.pendingAlerts].sort((a, b) => a.at.getTime() - b.at.getTime()).map((a) => a._id);
  }

  async holdSubmission(held: HeldSubmission): Promise<void> {
    if (this.data.heldSubmissions.some((h) => h._id === held._id)) return;
    this.data.heldSubmissions.push(copy(held));
    await this.persist();
  }

  async releaseSubmission(id: string): Promise<void> {
    this.data.heldSubmissions = this.data.heldSubmissions.filter((h) => h._id !== id);
    await this.persist();
  }

  async heldSubmissions(): Promise<HeldSubmission[]> {
    return copy([...this.data.heldSubmissions].sort((a, b) => a.at.getTime() - b.at.getTime()));
  }

  async appendEvent(event: RegisterEvent): Promise<void> {
    if (this.data.events.some((e) => e.id === event.id)) throw new StoreConflict('id');
    if (this.data.events.some((e) => e.caseId === event.caseId && e.seq === event.seq)) throw new StoreConflict('caseId_seq');
    this.data.events.push(copy(event));
    await this.persist();
  }

  async getEvent(id: string): Promise<RegisterEvent | null> {
    return clone(this.data.events.find((e) => e.id === id));
  }

  async lastEvent(caseId: string): Promise<RegisterEvent | null> {
    const events = this.data.events.filter((e) => e.caseId === caseId);
    return clone(events.reduce<RegisterEvent | undefined>((last, e) => (last === undefined || e.seq > last.seq ? e : last), undefined));
  }

  async listEvents(caseId: string): Promise<RegisterEvent[]> {
    return copy(this.data.events.filter((e) => e.caseId === caseId).sort((a, b) => a.seq - b.seq));
  }

  async saveConversation(identityKey: string, reference: Record<string, unknown>, at: Date): Promise<void> {
    this.data.conversations = [...this.data.conversations.filter((c) => c._id !== identityKey), { _id: identityKey, reference: copy(reference), at }];
    await this.persist();
  }

  async getConversation(identityKey: string): Promise<Record<string, unknown> | null> {
    return clone(this.data.conversations.find((c) => c._id === identityKey)?.reference);
  }

  async insertReminder(reminder: Reminder): Promise<boolean> {
    if (this.data.reminders.some((r) => r._id === reminder._id)) return false;
    this.data.reminders.push(copy(reminder));
    await this.persist();
    return true;
  }

  async getReminder(id: string): Promise<Reminder | null> {
    return clone(this.data.reminders.find((r) => r._id === id));
  }

  async replaceReminder(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    if (reminder.version !== expectedVersion + 1) throw new Error('a replaced reminder must carry the next version');
    const index = this.data.reminders.findIndex((r) => r._id === reminder._id && r.version === expectedVersion);
    if (index < 0) return false;
    this.data.reminders[index] = copy(reminder);
    await this.persist();
    return true;
  }

  async dueReminders(now: Date, limit: number): Promise<Reminder[]> {
    const due = this.data.reminders.filter((r) => r.status === 'pending' && r.dueAt.getTime() <= now.getTime());
    return copy(due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit));
  }

  async findReminders(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]> {
    return copy(
      this.data.reminders.filter(
        (r) =>
          (filter.series === undefined || r.series === filter.series) &&
          (filter.caseId === undefined || r.caseId === filter.caseId) &&
          (filter.statuses === undefined || filter.statuses.includes(r.status)),
      ),
    );
  }

  async acknowledgeSeries(series: string, at: Date, by: string): Promise<void> {
    if (this.data.acknowledgedSeries.some((s) => s._id === series)) return;
    this.data.acknowledgedSeries.push({ _id: series, at, by });
    await this.persist();
  }

  async seriesAcknowledged(series: string): Promise<boolean> {
    return this.data.acknowledgedSeries.some((s) => s._id === series);
  }

  async claimDelivery(key: string, at: Date): Promise<boolean> {
    if (this.data.deliveries.some((d) => d._id === key)) return false;
    this.data.deliveries.push({ _id: key, at });
    await this.persist();
    return true;
  }

  async insertPractice(practice: GoodPractice): Promise<void> {
    if (this.data.practices.some((p) => p._id === practice._id)) throw new StoreConflict('_id');
    this.data.practices.push(copy(practice));
    await this.persist();
  }

  async listPractices(filter: PracticeFilter): Promise<GoodPractice[]> {
    const matches = this.data.practices.filter(
      (p) =>
        (filter.committees === undefined || filter.committees.includes(p.committee)) &&
        (filter.from === undefined || p.createdAt.getTime() >= filter.from.getTime()) &&
        (filter.to === undefined || p.createdAt.getTime() < filter.to.getTime()),
    );
    return copy(matches.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1)));
  }
}

function clone<T>(value: T | undefined): T | null {
  return value === undefined ? null : copy(value);
}

/**
 * A deep copy of plain data (objects, arrays, dates), so that callers never share the
 * stored objects. Written out rather than `structuredClone`, whose dates belong to another
 * realm under some test runners and then fail `instanceof Date`.
 */
function copy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => copy(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = copy(item);
    return out as T;
  }
  return value;
}
