import type { Collection, Db, Filter, OptionalUnlessRequiredId } from 'mongodb';
import type { Reminder, ReminderStatus } from '../domain/reminders';

/**
 * The schedule on MongoDB, written so that a sweep costs what is due, not what is pending,
 * on MongoDB and on FerretDB 1.24 alike. FerretDB serves only `{_id: …}` from an index, and
 * rewriting a document costs a scan of its collection; so nothing here is ever updated:
 *
 * - `reminders`: each reminder as first planned (inserted once);
 * - `reminders_commits`: each later version (`<id>#<version>`: a claim, a send, a new due
 *   time); exactly one writer can insert a version, which is what makes claims exclusive;
 * - `reminders_due_<YYYYMMDD>`: for each day, the ids of reminders due that day;
 * - `reminder_days`: the days that may still hold something to send.
 *
 * A sweep reads the open days up to today, and in them only what is due; a day whose
 * reminders are all settled is closed and never read again.
 */
type Pointer = { _id: string };
type Day = { _id: string; closed?: boolean };
type Commit = { _id: string; version: number; doc: Reminder };

const SETTLED: ReadonlySet<ReminderStatus> = new Set(['sent', 'cancelled', 'acknowledged', 'snoozed', 'failed']);

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

export class ReminderSchedule {
  constructor(private readonly db: Db) {}

  private get definitions(): Collection<Reminder> {
    return this.db.collection<Reminder>('reminders');
  }
  private get commits(): Collection<Commit> {
    return this.db.collection<Commit>('reminders_commits');
  }
  private get days(): Collection<Day> {
    return this.db.collection<Day>('reminder_days');
  }
  private dueOn(day: string): Collection<Pointer> {
    return this.db.collection<Pointer>(`reminders_due_${day}`);
  }

  /** Files a reminder under its due day (idempotent). */
  private async file(reminder: Reminder, isDuplicate: (error: unknown) => boolean): Promise<void> {
    const day = dayOf(reminder.dueAt);
    for (const write of [() => this.days.insertOne({ _id: day }), () => this.dueOn(day).insertOne({ _id: reminder._id })]) {
      try {
        await write();
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    }
  }

  async insert(reminder: Reminder, isDuplicate: (error: unknown) => boolean): Promise<boolean> {
    try {
      await this.definitions.insertOne(reminder as OptionalUnlessRequiredId<Reminder>);
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    await this.file(reminder, isDuplicate);
    return true;
  }

  /** The reminder as planned, then each later version in turn, by id. */
  async get(id: string): Promise<Reminder | null> {
    const planned = (await this.definitions.findOne({ _id: id } as Filter<Reminder>)) as Reminder | null;
    if (!planned) return null;
    let current: Reminder = planned;
    for (;;) {
      const next: Commit | null = await this.commits.findOne({ _id: `${id}#${current.version + 1}` });
      if (!next) return current;
      current = next.doc;
    }
  }

  /** Exactly one writer can commit a given version; a new due day is filed as well. */
  async commit(reminder: Reminder, expectedVersion: number, isDuplicate: (error: unknown) => boolean): Promise<boolean> {
    if (reminder.version !== expectedVersion + 1) throw new Error('a new version must follow the one it replaces');
    try {
      await this.commits.insertOne({ _id: `${reminder._id}#${reminder.version}`, version: reminder.version, doc: reminder });
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    // A claim (it carries a lease) keeps its due time; a reminder released with a new one is filed.
    if (reminder.status === 'pending' && !reminder.leaseOwner) await this.file(reminder, isDuplicate);
    return true;
  }

  /**
   * Pending reminders due by `now`, oldest day first. Days whose reminders are all settled,
   * or moved to a later day, are closed on the way.
   */
  async due(now: Date, limit: number): Promise<Reminder[]> {
    const today = dayOf(now);
    const open = (await this.days.find({}).toArray()).filter((d) => !d.closed && d._id <= today).sort((a, b) => a._id.localeCompare(b._id));
    const found: Reminder[] = [];
    for (const day of open) {
      let unsettled = false;
      for (const pointer of await this.dueOn(day._id).find({}).toArray()) {
        const reminder = await this.get(pointer._id);
        if (!reminder || SETTLED.has(reminder.status) || dayOf(reminder.dueAt) !== day._id) continue;
        unsettled = true;
        if (reminder.dueAt.getTime() <= now.getTime() && found.length < limit) found.push(reminder);
      }
      // Closing a finished day is an update, but on a collection of days, which stays small.
      if (!unsettled && day._id < today) await this.days.updateOne({ _id: day._id }, { $set: { closed: true } });
      if (found.length >= limit) break;
    }
    return found.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** Reminders of a series or a case (a scan: for acknowledgements and audits, not sweeps). */
  async find(filter: { series?: string; caseId?: string; statuses?: ReminderStatus[] }): Promise<Reminder[]> {
    const query: Record<string, unknown> = {};
    if (filter.series !== undefined) query.series = filter.series;
    if (filter.caseId !== undefined) query.caseId = filter.caseId;
    const planned = await this.definitions.find(query as Filter<Reminder>).toArray();
    const current = await Promise.all(planned.map((r) => this.get(r._id)));
    return current.filter((r): r is Reminder => r !== null && (!filter.statuses || filter.statuses.includes(r.status)));
  }
}
