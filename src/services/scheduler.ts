import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { AmparoError } from '../errors';
import type { Case } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import {
  afterQuietHours,
  isQuiet,
  plannedForCase,
  plannedForSessions,
  plannedForTerm,
  type PlannedReminder,
  type QuietHours,
  type Reminder,
  type ReminderAudience,
} from '../domain/reminders';
import { isActive, type Actor, type Person } from '../domain/roles';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { PermanentDeliveryError, TransientDeliveryError, type Notifier } from './notifications';
import type { PeopleService } from './people';
import type { RegisterService } from './register';

/**
 * The schedule: reminders are documents with a due time and a status, kept in the store so
 * that they survive restarts and work with several replicas (issue "Deadlines, reminders").
 *
 * A sweep claims due reminders one by one with a lease (a versioned write, which exactly one
 * process can make), sends, then marks them sent. A process that dies after claiming leaves
 * the lease to expire, and another sends the reminder then: at least once, never lost.
 */
export interface SchedulerSettings {
  quietHours: QuietHours;
  /** How long a claim holds before another process may take the reminder over. */
  leaseMs: number;
  /** Reminders handled per sweep; the rest wait for the next tick. */
  batchSize: number;
  /** First retry delay after a platform failure; doubles each attempt, up to a day. */
  retryBaseMs: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  quietHours: { start: 20, end: 8 },
  leaseMs: 5 * 60 * 1000,
  batchSize: 200,
  retryBaseMs: 60 * 1000,
};

export interface SweepReport {
  sent: number;
  deferred: number;
  retried: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

const DAY = 24 * 60 * 60 * 1000;
const MAX_RETRY_MS = DAY;

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  people: PeopleService;
  register: RegisterService;
  notifier: Notifier;
  logger: Logger;
  /** Names this process in its claims. */
  owner: string;
  settings?: Partial<SchedulerSettings>;
}

const emptyReport = (): SweepReport => ({ sent: 0, deferred: 0, retried: 0, failed: 0, cancelled: 0, skipped: 0 });

export class SchedulerService {
  private readonly settings: SchedulerSettings;
  private stopping = false;
  private running: Promise<SweepReport> | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...deps.settings };
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** One id per (series, occurrence, recipient): planning the same reminder twice is a no-op. */
  static reminderId(series: string, occurrence: string, recipientId: string): string {
    return createHash('sha256').update(`${series}|${occurrence}|${recipientId}`).digest('hex').slice(0, 32);
  }

  private async recipients(committee: TreatyBody, audiences: ReminderAudience[]): Promise<Person[]> {
    const seen = new Map<string, Person>();
    for (const audience of audiences) for (const person of await this.deps.people.holding(committee, audience)) seen.set(person._id, person);
    return [...seen.values()];
  }

  private async store(planned: PlannedReminder, committee: TreatyBody, c?: Case): Promise<number> {
    let added = 0;
    for (const person of await this.recipients(committee, planned.audiences)) {
      const reminder: Reminder = {
        _id: SchedulerService.reminderId(planned.series, planned.occurrence, person._id),
        series: planned.series,
        kind: planned.kind,
        recipientId: person._id,
        committee,
        ...(c ? { caseId: c._id, reference: c.reference } : {}),
        ...(planned.proposalId ? { proposalId: planned.proposalId, proposalNumber: planned.proposalNumber ?? 0 } : {}),
        ...(planned.about ? { about: planned.about } : {}),
        dueAt: planned.dueAt,
        urgent: planned.urgent,
        ...(planned.repeatEveryMs ? { repeatEveryMs: planned.repeatEveryMs } : {}),
        status: 'pending',
        attempts: 0,
        createdAt: this.now(),
        version: 1,
      };
      if (await this.deps.store.insertReminder(reminder)) added += 1;
    }
    return added;
  }

  /**
   * Brings a case's reminders in line with the case: what it should have is added; what the
   * version before it had in a series it no longer has (assessed, decided, done, closed) is
   * cancelled. Everything is found by id, never by a query over all reminders. A reminder
   * this misses (a snooze, an urgent repeat) is cancelled when it falls due, as unwanted.
   */
  async planCase(c: Case, previous?: Case): Promise<void> {
    const committee = await this.deps.store.getCommittee(c.committee);
    if (!committee) return;
    const planned = plannedForCase(c, committee);
    for (const p of planned) {
      if (await this.seriesAcknowledged(p.series)) continue;
      await this.store(p, c.committee, c);
    }
    if (!previous) return;
    const live = new Set(planned.map((p) => p.series));
    for (const gone of plannedForCase(previous, committee).filter((p) => !live.has(p.series))) {
      for (const person of await this.recipients(c.committee, gone.audiences)) {
        const reminder = await this.deps.store.getReminder(SchedulerService.reminderId(gone.series, gone.occurrence, person._id));
        if (reminder?.status === 'pending') await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
      }
    }
  }

  /** Reminders that belong to no case: terms ending (G8), sessions coming (G15). */
  async planCommittee(committee: Committee): Promise<void> {
    for (const p of plannedForSessions(committee)) await this.store(p, committee._id);
    for (const person of await this.deps.store.listPeopleOfCommittee(committee._id)) {
      for (const assignment of person.roles.filter((r) => r.committee === committee._id)) {
        const planned = plannedForTerm(assignment, person._id, committee);
        if (planned && planned.about && planned.about.getTime() > this.now().getTime()) await this.store(planned, committee._id);
      }
    }
  }

  /**
   * After a committee's settings or sessions changed: every reminder planned under the old
   * settings is brought in line with the new ones (moved, cancelled or added), for sessions
   * (G15), terms (G8) and open cases alike. Snoozed and repeated copies are left as they are.
   */
  async replanCommittee(committee: Committee, previous: Committee): Promise<void> {
    await this.reconcile(committee._id, plannedForSessions(previous), plannedForSessions(committee));
    const future = (p: PlannedReminder | undefined): PlannedReminder[] => (p && p.about && p.about.getTime() > this.now().getTime() ? [p] : []);
    for (const person of await this.deps.store.listPeopleOfCommittee(committee._id)) {
      for (const assignment of person.roles.filter((r) => r.committee === committee._id)) {
        await this.reconcile(committee._id, future(plannedForTerm(assignment, person._id, previous)), future(plannedForTerm(assignment, person._id, committee)));
      }
    }
    for (const c of await this.deps.store.listCases({ committees: [committee._id], statuses: ['received', 'under_assessment', 'assessed'] })) {
      const planned = [];
      for (const p of plannedForCase(c, committee)) if (!(await this.seriesAcknowledged(p.series))) planned.push(p);
      await this.reconcile(committee._id, plannedForCase(c, previous), planned, c);
    }
  }

  private async reconcile(committee: TreatyBody, before: PlannedReminder[], after: PlannedReminder[], c?: Case): Promise<void> {
    const wanted = new Map(after.map((p) => [`${p.series}|${p.occurrence}`, p]));
    for (const old of before) {
      const next = wanted.get(`${old.series}|${old.occurrence}`);
      for (const person of await this.recipients(committee, old.audiences)) {
        const reminder = await this.deps.store.getReminder(SchedulerService.reminderId(old.series, old.occurrence, person._id));
        if (reminder?.status !== 'pending') continue;
        if (!next) await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
        else if (next.dueAt.getTime() !== reminder.dueAt.getTime()) await this.update(reminder, { dueAt: next.dueAt, ...(next.about ? { about: next.about } : {}) });
      }
    }
    for (const p of after) await this.store(p, committee, c);
  }

  /** At start: every open case and every committee planned again (idempotent). */
  async planAll(): Promise<void> {
    for (const committee of await this.deps.store.listCommittees()) {
      await this.planCommittee(committee);
      for (const c of await this.deps.store.listCases({ committees: [committee._id], statuses: ['received', 'under_assessment', 'assessed'] })) await this.planCase(c);
    }
  }

  private async seriesAcknowledged(series: string): Promise<boolean> {
    return this.deps.store.seriesAcknowledged(series);
  }

  /** Writes a reminder's next version; false when someone else changed it first. */
  private async update(reminder: Reminder, patch: Partial<Reminder>, clear: Array<keyof Reminder> = []): Promise<Reminder | undefined> {
    const next = { ...reminder, ...patch, version: reminder.version + 1 } as Reminder;
    for (const key of clear) delete next[key];
    return (await this.deps.store.replaceReminder(next, reminder.version)) ? next : undefined;
  }

  private async finish(reminder: Reminder, status: Reminder['status'], event: 'reminder.cancelled' | 'reminder.acknowledged' | 'reminder.failed', actorId: string): Promise<void> {
    const done = await this.update(reminder, { status }, ['leaseOwner', 'leaseUntil']);
    if (done && reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), actorId, event, { reminderId: reminder._id, kind: reminder.kind, recipient: reminder.recipientId });
  }

  /** The audience a reminder kind speaks to, for checking the recipient still holds the role. */
  private stillConcerned(reminder: Reminder, person: Person): boolean {
    const roles = reminder.kind === 'deadline_passed' ? ['rapporteur', 'chair'] : ['assessment_due', 'deadline_near', 'session_report'].includes(reminder.kind) ? ['rapporteur'] : ['chair'];
    const now = this.now();
    return person.roles.some((r) => r.committee === reminder.committee && roles.includes(r.role) && isActive(r, now));
  }

  /** Checks that the reminder still has a reason to go out when it falls due. */
  private async stillWanted(reminder: Reminder): Promise<boolean> {
    if (await this.seriesAcknowledged(reminder.series)) return false;
    if (!reminder.caseId) return this.committeeStillWants(reminder);
    const c = await this.deps.store.getCase(reminder.caseId);
    const committee = c ? await this.deps.store.getCommittee(c.committee) : null;
    return c !== null && committee !== null && plannedForCase(c, committee).some((p) => p.series === reminder.series);
  }

  /** A session that was removed, or a term whose end moved, wants no reminder at the old date. */
  private async committeeStillWants(reminder: Reminder): Promise<boolean> {
    if (reminder.kind === 'session_report') {
      const committee = await this.deps.store.getCommittee(reminder.committee);
      return committee !== null && plannedForSessions(committee).some((p) => p.series === reminder.series);
    }
    if (reminder.kind === 'term_ending') {
      const [, personId = '', assignmentId] = reminder.series.split(':');
      const assignment = (await this.deps.store.getPerson(personId))?.roles.find((r) => r.id === assignmentId);
      return assignment?.end !== undefined && assignment.end.getTime() === reminder.about?.getTime();
    }
    return true;
  }

  /**
   * Sends what is due. Each reminder is claimed before it is sent, so two processes sweeping
   * the same database send it once; one failing reminder never holds up the others.
   */
  async sweep(): Promise<SweepReport> {
    if (this.stopping) return emptyReport();
    const running = this.sweepDue();
    this.running = running;
    try {
      return await running;
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  /**
   * On shutdown: no new reminder is claimed; the one being sent is finished and marked, so
   * that this process holds no claim when it ends and another can send the rest at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private async sweepDue(): Promise<SweepReport> {
    const report = emptyReport();
    const now = this.now();
    for (const due of await this.deps.store.dueReminders(now, this.settings.batchSize)) {
      if (this.stopping) break;
      if (due.leaseUntil && due.leaseUntil.getTime() > now.getTime()) {
        report.skipped += 1;
        continue;
      }
      const claimed = await this.update(due, { leaseOwner: this.deps.owner, leaseUntil: new Date(now.getTime() + this.settings.leaseMs), attempts: due.attempts + 1 });
      if (!claimed) {
        // Another process has it, or our copy was stale: reading it again catches the copy up.
        await this.deps.store.getReminder(due._id);
        report.skipped += 1;
        continue;
      }
      const outcome = await this.deliver(claimed).catch((error: unknown) => {
        this.deps.logger.error({ reminderId: claimed._id, err: error instanceof Error ? error.message : 'unknown' }, 'reminder sweep step failed');
        return 'skipped' as const;
      });
      report[outcome] += 1;
    }
    return report;
  }

  private async deliver(reminder: Reminder): Promise<keyof SweepReport> {
    const person = await this.deps.store.getPerson(reminder.recipientId);
    if (!person || !this.stillConcerned(reminder, person) || !(await this.stillWanted(reminder))) {
      await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
      return 'cancelled';
    }
    const now = this.now();
    if (!reminder.urgent && isQuiet(now, person.timeZone, this.settings.quietHours)) {
      await this.update(reminder, { dueAt: afterQuietHours(now, person.timeZone, this.settings.quietHours), attempts: reminder.attempts - 1 }, ['leaseOwner', 'leaseUntil']);
      return 'deferred';
    }
    try {
      await this.deps.notifier.deliver(person, await this.notification(reminder, person));
    } catch (error) {
      return this.failed(reminder, person, error);
    }
    const sent = await this.update(reminder, { status: 'sent', sentAt: now }, ['leaseOwner', 'leaseUntil', 'lastError']);
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, now, 'system', 'reminder.sent', { reminderId: reminder._id, kind: reminder.kind, recipient: person._id });
    if (sent && reminder.repeatEveryMs) await this.repeat(reminder, now);
    return 'sent';
  }

  /** G22: the next urgent alert, one interval on, unless someone acknowledged meanwhile. */
  private async repeat(reminder: Reminder, now: Date): Promise<void> {
    if (await this.seriesAcknowledged(reminder.series)) return;
    const occurrence = `at:${new Date(now.getTime() + (reminder.repeatEveryMs ?? 0)).toISOString()}`;
    const next: Reminder = {
      ...reminder,
      _id: SchedulerService.reminderId(reminder.series, occurrence, reminder.recipientId),
      dueAt: new Date(now.getTime() + (reminder.repeatEveryMs ?? 0)),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      version: 1,
    };
    for (const key of ['leaseOwner', 'leaseUntil', 'sentAt', 'lastError'] as const) delete next[key];
    await this.deps.store.insertReminder(next);
  }

  private async failed(reminder: Reminder, person: Person, error: unknown): Promise<keyof SweepReport> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    if (error instanceof PermanentDeliveryError) {
      await this.update(reminder, { status: 'failed', lastError: message }, ['leaseOwner', 'leaseUntil']);
      if (reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), 'system', 'reminder.failed', { reminderId: reminder._id, kind: reminder.kind, recipient: person._id });
      await this.escalateUndeliverable(reminder, person);
      return 'failed';
    }
    const backoff = Math.min(this.settings.retryBaseMs * 2 ** Math.max(0, reminder.attempts - 1), MAX_RETRY_MS);
    const wait = error instanceof TransientDeliveryError && error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, backoff) : backoff;
    await this.update(reminder, { dueAt: new Date(this.now().getTime() + wait), lastError: message }, ['leaseOwner', 'leaseUntil']);
    this.deps.logger.warn({ reminderId: reminder._id, attempts: reminder.attempts, retryInMs: wait }, 'reminder will be retried');
    return 'retried';
  }

  /** A reminder nobody can deliver goes to the chair, so that the person is told another way. */
  private async escalateUndeliverable(reminder: Reminder, person: Person): Promise<void> {
    for (const chair of await this.deps.people.holding(reminder.committee, 'chair')) {
      if (chair._id === person._id) continue;
      await this.deps.notifier
        .deliver(chair, {
          kind: 'reminder.undeliverable',
          audience: 'chair',
          committee: reminder.committee,
          urgent: reminder.urgent,
          ...(reminder.caseId && reminder.reference ? { caseId: reminder.caseId, reference: reminder.reference } : {}),
          reminder: { id: reminder._id, kind: reminder.kind, recipientName: person.displayName },
        })
        .catch((error: unknown) => this.deps.logger.error({ reminderId: reminder._id, err: error instanceof Error ? error.message : 'unknown' }, 'escalation failed'));
    }
  }

  private async notification(reminder: Reminder, person: Person): Promise<Parameters<Notifier['deliver']>[1]> {
    const c = reminder.caseId ? await this.deps.store.getCase(reminder.caseId) : null;
    const committee = await this.deps.store.getCommittee(reminder.committee);
    const subject = reminder.kind === 'term_ending' ? await this.deps.store.getPerson(reminder.series.split(':')[1] ?? '') : null;
    const audience: ReminderAudience = person.roles.some((r) => r.committee === reminder.committee && r.role === 'chair' && isActive(r, this.now())) ? 'chair' : 'rapporteur';
    return {
      kind: 'reminder',
      audience,
      committee: reminder.committee,
      urgent: reminder.urgent,
      ...(c ? { caseId: c._id, reference: c.reference, riskLevel: c.riskLevel } : {}),
      ...(reminder.urgent && committee?.securityContact ? { securityContact: committee.securityContact } : {}),
      ...(reminder.proposalId ? { proposal: { id: reminder.proposalId, number: reminder.proposalNumber ?? 0 } } : {}),
      reminder: { id: reminder._id, kind: reminder.kind, ...(reminder.about ? { about: reminder.about } : {}), ...(subject ? { recipientName: subject.displayName } : {}) },
    };
  }

  private async ownReminder(actor: Actor, reminderId: string): Promise<Reminder> {
    const reminder = await this.deps.store.getReminder(reminderId);
    // Only the person a reminder was sent to may acknowledge or snooze it.
    if (!reminder || reminder.recipientId !== actor.personId) throw new AmparoError('NOT_FOUND', 'errors.reminder.not_found');
    return reminder;
  }

  /** Stops the whole series for everyone: the matter is in hand. */
  async acknowledge(actor: Actor, reminderId: string): Promise<Reminder> {
    const reminder = await this.ownReminder(actor, reminderId);
    await this.deps.store.acknowledgeSeries(reminder.series, this.now(), actor.personId);
    const acknowledged = (await this.update(reminder, { status: 'acknowledged' }, ['leaseOwner', 'leaseUntil'])) ?? { ...reminder, status: 'acknowledged' as const };
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), actor.personId, 'reminder.acknowledged', { reminderId, kind: reminder.kind });
    for (const pending of await this.deps.store.findReminders({ series: reminder.series, statuses: ['pending'] })) {
      await this.finish(pending, 'cancelled', 'reminder.cancelled', actor.personId);
    }
    return acknowledged;
  }

  /** The same reminder again, to the same person, a day or a week from now. */
  async snooze(actor: Actor, reminderId: string, days: 1 | 7): Promise<Date> {
    const reminder = await this.ownReminder(actor, reminderId);
    const until = new Date(this.now().getTime() + days * DAY);
    const again: Reminder = {
      ...reminder,
      _id: SchedulerService.reminderId(reminder.series, `snooze:${until.toISOString()}`, reminder.recipientId),
      dueAt: until,
      status: 'pending',
      attempts: 0,
      createdAt: this.now(),
      version: 1,
    };
    for (const key of ['leaseOwner', 'leaseUntil', 'sentAt', 'lastError'] as const) delete again[key];
    await this.deps.store.insertReminder(again);
    if (reminder.status === 'pending') await this.update(reminder, { status: 'snoozed' }, ['leaseOwner', 'leaseUntil']);
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), actor.personId, 'reminder.snoozed', { reminderId, days });
    return until;
  }
}
