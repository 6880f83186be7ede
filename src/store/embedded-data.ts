import type { Case } from '../domain/case';
import type { Committee } from '../domain/committee';
import type { HeldSubmission } from '../domain/held-submission';
import type { RegisterEvent } from '../domain/register';
import type { Reminder } from '../domain/reminders';
import type { Person } from '../domain/roles';
import type { GoodPractice } from '../domain/practices';
import type { Contact } from '../domain/contacts';
import type { CaseInformation } from '../domain/case-information';
import type { JournalSource } from './embedded-journal';

export interface Stamp {
  _id: string;
  at: Date;
}

/** The collections, named as in the snapshot files of earlier versions. */
export interface Documents {
  committees: Committee;
  people: Person;
  cases: Case;
  events: RegisterEvent;
  /** A platform delivery key or a message's claim; `sentAt` once the message went out. */
  deliveries: Stamp & { sentAt?: Date; message?: Record<string, string> };
  heldSubmissions: HeldSubmission;
  conversations: Stamp & { reference: Record<string, unknown> };
  reminders: Reminder;
  acknowledgedSeries: Stamp & { by: string };
  practices: GoodPractice;
  contacts: Contact;
  caseInformation: CaseInformation;
}
export type CollectionName = keyof Documents;

const COLLECTIONS: readonly CollectionName[] = ['committees', 'people', 'cases', 'events', 'deliveries', 'heldSubmissions', 'conversations', 'reminders', 'acknowledgedSeries', 'practices', 'contacts', 'caseInformation'];

function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

function idOf<C extends CollectionName>(name: C, doc: Documents[C]): string {
  return name === 'events' ? (doc as RegisterEvent).id : (doc as { _id: string })._id;
}

/**
 * The embedded store's collections in memory, with the indexes MongoDB keeps for the same
 * questions (mongo-schema.ts): unique ones refuse a duplicate without a scan, and the ones an
 * intake asks (last number, outbox, owed alerts) keep its cost from growing with the cases.
 * Documents go in and out as they are: the store copies at its door.
 */
export class EmbeddedData implements JournalSource {
  readonly tables: { readonly [C in CollectionName]: Map<string, Documents[C]> } = {
    committees: new Map(),
    people: new Map(),
    cases: new Map(),
    events: new Map(),
    deliveries: new Map(),
    heldSubmissions: new Map(),
    conversations: new Map(),
    reminders: new Map(),
    acknowledgedSeries: new Map(),
    practices: new Map(),
    contacts: new Map(),
    caseInformation: new Map(),
  };
  readonly cases = new CaseIndex();
  /** Identity key to person id. */
  readonly identities = new Map<string, string>();
  /** Case id to its register entries by place in the chain. */
  readonly chains = new Map<string, Map<number, RegisterEvent>>();
  /** Ids of the reminders still pending, the only ones a sweep looks at. */
  readonly pendingReminders = new Set<string>();

  get<C extends CollectionName>(name: C, id: string): Documents[C] | undefined {
    return this.tables[name].get(id);
  }

  /** Stores `doc` in place of the one with its id (keeping that one's place in the order). */
  put<C extends CollectionName>(name: C, doc: Documents[C]): string {
    const id = idOf(name, doc);
    this.unindex(name, this.tables[name].get(id));
    (this.tables[name] as Map<string, Documents[C]>).set(id, doc);
    this.index(name, doc);
    return id;
  }

  remove<C extends CollectionName>(name: C, id: string): void {
    this.unindex(name, this.tables[name].get(id));
    this.tables[name].delete(id);
  }

  /** A document read from a file; refuses a collection this version does not know. */
  load(collection: string, doc: unknown): void {
    if (!isCollection(collection)) throw new Error(`the embedded store's file holds an unknown collection "${collection}"`);
    this.put(collection, doc as Documents[typeof collection]);
  }

  document(collection: string, id: string): unknown {
    return isCollection(collection) ? this.tables[collection].get(id) : undefined;
  }

  *documents(): Iterable<{ collection: string; id: string; doc: unknown }> {
    for (const collection of COLLECTIONS) for (const [id, doc] of this.tables[collection]) yield { collection, id, doc };
  }

  private index<C extends CollectionName>(name: C, doc: Documents[C]): void {
    if (name === 'cases') this.cases.add(doc as Case);
    else if (name === 'people') for (const identity of (doc as Person).identityKeys) this.identities.set(identity, (doc as Person)._id);
    else if (name === 'events') {
      const event = doc as RegisterEvent;
      const chain = this.chains.get(event.caseId) ?? new Map<number, RegisterEvent>();
      this.chains.set(event.caseId, chain.set(event.seq, event));
    } else if (name === 'reminders' && (doc as Reminder).status === 'pending') this.pendingReminders.add((doc as Reminder)._id);
  }

  private unindex<C extends CollectionName>(name: C, doc: Documents[C] | undefined): void {
    if (doc === undefined) return;
    if (name === 'cases') this.cases.remove(doc as Case);
    else if (name === 'people') for (const identity of (doc as Person).identityKeys) this.identities.delete(identity);
    else if (name === 'events') this.chains.get((doc as RegisterEvent).caseId)?.delete((doc as RegisterEvent).seq);
    else if (name === 'reminders') this.pendingReminders.delete((doc as Reminder)._id);
  }
}

/** The cases' unique keys and the few sets an intake or a sweep asks for. */
class CaseIndex {
  private readonly byReference = new Map<string, string>();
  private readonly bySubmissionKey = new Map<string, string>();
  /** `committee/year` to each taken number's case id. */
  private readonly numbers = new Map<string, Map<number, string>>();
  private readonly highest = new Map<string, number>();
  readonly withOutbox = new Set<string>();
  readonly owingAlert = new Set<string>();
  readonly owingNotices = new Set<string>();

  idByReference(reference: string): string | undefined {
    return this.byReference.get(reference);
  }

  idBySubmissionKey(submissionKey: string): string | undefined {
    return this.bySubmissionKey.get(submissionKey);
  }

  lastSeq(committee: string, year: number): number {
    return this.highest.get(`${committee}/${year}`) ?? 0;
  }

  /** The unique key of `c` a case other than `self` holds, in the order the Store port names them. */
  conflict(c: Case, self?: string): 'submissionKey' | 'reference' | undefined {
    const other = (owner: string | undefined) => owner !== undefined && owner !== self;
    if (other(this.bySubmissionKey.get(c.submissionKey))) return 'submissionKey';
    // References are gapless: a number is taken only by the case that holds it (as on MongoDB).
    if (other(this.byReference.get(c.reference)) || other(this.numbers.get(`${c.committee}/${c.year}`)?.get(c.seq))) return 'reference';
    return undefined;
  }

  add(c: Case): void {
    this.byReference.set(c.reference, c._id);
    this.bySubmissionKey.set(c.submissionKey, c._id);
    const group = `${c.committee}/${c.year}`;
    const numbers = this.numbers.get(group) ?? new Map<number, string>();
    this.numbers.set(group, numbers.set(c.seq, c._id));
    this.highest.set(group, Math.max(this.highest.get(group) ?? 0, c.seq));
    if (c.outbox.length > 0) this.withOutbox.add(c._id);
    if (c.alertOwed) this.owingAlert.add(c._id);
    if (c.noticesOwed?.length) this.owingNotices.add(c._id);
  }

  remove(c: Case): void {
    this.byReference.delete(c.reference);
    this.bySubmissionKey.delete(c.submissionKey);
    const group = `${c.committee}/${c.year}`;
    const numbers = this.numbers.get(group);
    numbers?.delete(c.seq);
    // Only a replacement that renumbers a case lowers the highest number; no flow does.
    if (numbers && this.highest.get(group) === c.seq) {
      let highest = 0;
      for (const seq of numbers.keys()) highest = Math.max(highest, seq);
      this.highest.set(group, highest);
    }
    this.withOutbox.delete(c._id);
    this.owingAlert.delete(c._id);
    this.owingNotices.delete(c._id);
  }
}

/**
 * A deep copy of plain data (objects, arrays, dates), so that callers never share the
 * stored objects. Written out rather than `structuredClone`, whose dates belong to another
 * realm under some test runners and then fail `instanceof Date`.
 */
export function copy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => copy(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = copy(item);
    return out as T;
  }
  return value;
}
