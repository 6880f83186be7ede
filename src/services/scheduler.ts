import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { AmparoError } from '../errors';
import type { Case } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import {
  afterQuietHours,
  dueFor,
  isQuiet,
  plannedForCase,
  plannedForSessions,
  plannedForTerm,
  recipientsOf,
  stillConcerned,
  termOfSeries,
  type PlannedReminder,
  type QuietHours,
  type Reminder,
  type ReminderAudience,
  urgentSeries,
} from '../domain/reminders';
import { isActive, type Actor, type Person } from '../domain/roles';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';
import { PermanentDeliveryError, TransientDeliveryError, type MessageHandle, type Notifier } from './notifications';
import type { PeopleService } from './people';
import { KeyedLock } from './keyed-lock';
import type { RegisterService } from './register';

/**
 * The schedule: reminders are documents with a due time and a status, kept in the store so
 * that they survive restarts and work with several replicas.
 *
 * A sweep claims due reminders one by one with a lease (one `findOneAndUpdate`, which exactly
 * one process wins), sends, then marks them sent. A process that dies after claiming leaves
 * the lease to lapse, and another sends the reminder then: at least once, never lost.
 * Planning a case's reminders runs in the background after the change that calls for it, so
 * that it never delays an alert or an answer; what a crash leaves unplanned is planned again
 * at the next start (`planAll`).
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
  metrics?: Metrics;
  /** Names this process in its claims. */
  owner: string;
  settings?: Partial<SchedulerSettings>;
}

/**
 * What the change that calls for a plan already read, so that planning need not read it
 * again: the committee, who serves it now, and whether the case was just created.
 */
export interface PlanContext {
  committee?: Committee;
  serving?: Array<{ person: Person; roles: Set<ReminderAudience | string> }>;
  fresh?: boolean;
}

/** What a reminder is about: its case, its committee, and for a term ending, whose term. */
interface Subject {
  case: Case | null;
  committee: Committee | null;
  person: Person | null;
}

const emptyReport = (): SweepReport => ({ sent: 0, deferred: 0, retried: 0, failed: 0, cancelled: 0, skipped: 0 });

export class SchedulerService {
  private readonly settings: SchedulerSettings;
  private stopping = false;
  private running: Promise<SweepReport> | undefined;
  /** Plans waiting or running in this process, one after another per case. */
  private readonly planning = new KeyedLock();
  private readonly plansInFlight = new Set<Promise<void>>();
  /** Plans that failed (the database was away), by case: tried again at the next sweep. */
  private readonly failedPlans = new Map<string, Case | undefined>();

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

  /**
   * Stores the planned reminders, each for everyone holding one of its audiences now, in one
   * write; series someone acknowledged are left out. Returns how many were new.
   */
  private async store(plans: PlannedReminder[], committee: TreatyBody, c?: Case, known: PlanContext = {}): Promise<number> {
    if (plans.length === 0) return 0;
    const series = [...new Set(plans.map((p) => p.series))];
    // A case just created has no series anyone could have acknowledged before this.
    const acknowledged = new Set(known.fresh ? [] : await this.deps.store.acknowledgedSeries(series));
    const wanted = plans.filter((p) => !acknowledged.has(p.series));
    if (wanted.length === 0) return 0;
    const people = known.serving ?? (await this.deps.people.serving(committee));
    const reminders = wanted.flatMap((planned) =>
      recipientsOf(planned, people)
        .map(
          ({ person }): Reminder => ({
            _id: SchedulerService.reminderId(planned.series, planned.occurrence, person._id),
            series: planned.series,
            kind: planned.kind,
            audiences: [...planned.audiences],
            recipientId: person._id,
            committee,
            ...(c ? { caseId: c._id, reference: c.reference } : {}),
            ...(planned.proposalId ? { proposalId: planned.proposalId, proposalNumber: planned.proposalNumber ?? 0 } : {}),
            ...(planned.about ? { about: planned.about } : {}),
            dueAt: dueFor(planned, person.timeZone),
            urgent: planned.urgent,
            ...(planned.repeatEveryMs ? { repeatEveryMs: planned.repeatEveryMs } : {}),
            status: 'pending',
            attempts: 0,
            createdAt: this.now(),
            version: 1,
          }),
        ),
    );
    const added = await this.deps.store.insertReminders(reminders);
    // Acknowledged while this was planned: the acknowledgement cancelled what was pending before.
    if (added > 0) for (const late of await this.deps.store.acknowledgedSeries(series)) await this.cancelSeries(late, 'system');
    return added;
  }

  /** Everyone holding one of the audiences now (for cancelling what was planned for them). */
  private async recipients(committee: TreatyBody, audiences: ReminderAudience[]): Promise<Person[]> {
    return (await this.deps.people.serving(committee)).filter(({ roles }) => audiences.some((audience) => roles.has(audience))).map(({ person }) => person);
  }

  /**
   * Plans a case's reminders in the background (see `planCase`); never throws. A plan that
   * fails is tried again, on the case as it is then, at the next sweep.
   */
  planLater(c: Case, previous?: Case, known: PlanContext = {}): void {
    const plan = this.planning
      .run(c._id, () => this.planCase(c, previous, known))
      .catch((error: unknown) => {
        if (!this.failedPlans.has(c._id)) this.failedPlans.set(c._id, previous);
        this.deps.logger.warn({ reference: c.reference, err: error instanceof Error ? error.message : 'unknown' }, 'planning reminders failed; the next sweep tries again');
      });
    this.plansInFlight.add(plan);
    void plan.finally(() => this.plansInFlight.delete(plan));
  }

  private async retryFailedPlans(): Promise<void> {
    for (const [caseId, previous] of [...this.failedPlans]) {
      const c = await this.deps.store.getCase(caseId);
      if (c) await this.planning.run(caseId, () => this.planCase(c, previous));
      this.failedPlans.delete(caseId);
    }
  }

  /** Resolves when every plan started in this process so far is done. */
  async planned(): Promise<void> {
    while (this.plansInFlight.size > 0) await Promise.all([...this.plansInFlight]);
  }

  /**
   * Brings a case's reminders in line with the case: what it should have is added; what the
   * version before it had in a series it no longer has (assessed, decided, done, closed) is
   * cancelled. Everything is found by id, never by a query over all reminders. A reminder
   * this misses (a snooze, an urgent repeat) is cancelled when it falls due, as unwanted.
   */
  async planCase(c: Case, previous?: Case, known: PlanContext = {}): Promise<void> {
    const committee = known.committee ?? (await this.deps.store.getCommittee(c.committee));
    if (!committee) return;
    const planned = plannedForCase(c, committee);
    await this.store(planned, c.committee, c, known);
    if (!previous) return;
    const live = new Set(planned.map((p) => p.series));
    for (const gone of plannedForCase(previous, committee).filter((p) => !live.has(p.series))) {
      for (const person of await this.recipients(c.committee, gone.audiences)) {
        const reminder = await this.deps.store.getReminder(SchedulerService.reminderId(gone.series, gone.occurrence, person._id));
        if (reminder?.status === 'pending') await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
      }
    }
    if (previous.lead?.personId !== c.lead?.personId) await this.narrowToLead(c.committee, plannedForCase(previous, committee), planned);
  }

  /**
   * G12: the lead changed. Whoever the plan before reminded and this one does not (the other
   * rapporteurs once one takes the lead, the former lead once it is given to another) has
   * their pending reminder cancelled; the new lead's was added with the plan, or, cancelled by
   * an earlier change of lead (the lead given back), is pending again.
   */
  private async narrowToLead(committee: TreatyBody, before: PlannedReminder[], after: PlannedReminder[]): Promise<void> {
    const now = new Map(after.map((p) => [`${p.series}|${p.occurrence}`, p]));
    const serving = await this.deps.people.serving(committee);
    for (const old of before) {
      const next = now.get(`${old.series}|${old.occurrence}`);
      if (!next) continue;
      const [before, after] = [new Set(recipientsOf(old, serving)), new Set(recipientsOf(next, serving))];
      for (const one of serving) {
        const { person } = one;
        const [was, is] = [before.has(one), after.has(one)];
        if (was === is) continue;
        const reminder = await this.deps.store.getReminder(SchedulerService.reminderId(old.series, old.occurrence, person._id));
        if (was && reminder?.status === 'pending') await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
        if (is && reminder?.status === 'cancelled') await this.update(reminder, { status: 'pending' });
      }
    }
  }

  /** Reminders that belong to no case: terms ending (G8), sessions coming (G15). */
  async planCommittee(committee: Committee): Promise<void> {
    await this.store(plannedForSessions(committee), committee._id);
    for (const person of await this.deps.store.listPeopleOfCommittee(committee._id)) {
      for (const assignment of person.roles.filter((r) => r.committee === committee._id)) {
        const planned = plannedForTerm(assignment, person._id, committee);
        if (planned && planned.about && planned.about.getTime() > this.now().getTime()) await this.store([planned], committee._id);
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
      await this.reconcile(committee._id, plannedForCase(c, previous), plannedForCase(c, committee), c);
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
        else if (dueFor(next, person.timeZone).getTime() !== reminder.dueAt.getTime()) await this.update(reminder, { dueAt: dueFor(next, person.timeZone), ...(next.about ? { about: next.about } : {}) });
      }
    }
    await this.store(after, committee, c);
  }

  /** At start: every open case and every committee planned again (idempotent). */
  async planAll(): Promise<void> {
    for (const committee of await this.deps.store.listCommittees()) {
      await this.planCommittee(committee);
      for (const c of await this.deps.store.listCases({ committees: [committee._id], statuses: ['received', 'under_assessment', 'assessed'] })) await this.planCase(c);
    }
  }

  private async seriesAcknowledged(series: string): Promise<boolean> {
    return (await this.deps.store.acknowledgedSeries([series])).length > 0;
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

  /** Whether the recipient still holds a role the reminder speaks to (`stillConcerned`, the domain's one rule). */
  private concerns(reminder: Reminder, person: Person | Actor): boolean {
    return stillConcerned(reminder, person.roles, this.now());
  }

  /**
   * Whether the reminder still has a reason to go out now it falls due (an acknowledged
   * series has no pending reminder left: acknowledging cancels them).
   */
  private stillWanted(reminder: Reminder, about: Subject): boolean {
    if (!reminder.caseId) return this.committeeStillWants(reminder, about);
    return about.case !== null && about.committee !== null && plannedForCase(about.case, about.committee).some((p) => p.series === reminder.series);
  }

  /** A session that was removed, or a term whose end moved, wants no reminder at the old date. */
  private committeeStillWants(reminder: Reminder, about: Subject): boolean {
    if (reminder.kind === 'session_report') return about.committee !== null && plannedForSessions(about.committee).some((p) => p.series === reminder.series);
    if (reminder.kind === 'term_ending') {
      const term = termOfSeries(reminder.series);
      const assignment = term && about.person?.roles.find((r) => r.id === term.assignmentId);
      return assignment?.end !== undefined && assignment.end.getTime() === reminder.about?.getTime();
    }
    return true;
  }

  /** What a reminder is about, read once per reminder (committees once per sweep). */
  private async subject(reminder: Reminder, committees: Map<TreatyBody, Promise<Committee | null>>): Promise<Subject> {
    const committee = committees.get(reminder.committee) ?? this.deps.store.getCommittee(reminder.committee);
    committees.set(reminder.committee, committee);
    const c = reminder.caseId ? await this.deps.store.getCase(reminder.caseId) : null;
    const term = reminder.kind === 'term_ending' ? termOfSeries(reminder.series) : undefined;
    const person = term ? await this.deps.store.getPerson(term.personId) : null;
    return { case: c, committee: await committee, person };
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
    await this.planned();
  }

  private async sweepDue(): Promise<SweepReport> {
    // What this process has still to plan is planned before its sweep looks for what is due.
    await this.planned();
    await this.retryFailedPlans();
    const report = emptyReport();
    const now = this.now();
    const committees = new Map<TreatyBody, Promise<Committee | null>>();
    for (let handled = 0; handled < this.settings.batchSize && !this.stopping; handled++) {
      const claimed = await this.deps.store.claimDueReminder(now, this.deps.owner, new Date(now.getTime() + this.settings.leaseMs));
      if (!claimed) break;
      const outcome = await this.deliver(claimed, committees).catch((error: unknown) => {
        // Left claimed: its lease lapses and a later sweep tries again.
        this.deps.logger.error({ reminderId: claimed._id, err: error instanceof Error ? error.message : 'unknown' }, 'reminder sweep step failed');
        return 'skipped' as const;
      });
      report[outcome] += 1;
    }
    for (const [outcome, count] of Object.entries(report)) this.deps.metrics?.reminder(outcome, count);
    return report;
  }

  private async deliver(reminder: Reminder, committees: Map<TreatyBody, Promise<Committee | null>>): Promise<keyof SweepReport> {
    const person = await this.deps.store.getPerson(reminder.recipientId);
    const about = person ? await this.subject(reminder, committees) : undefined;
    if (!person || !about || !this.concerns(reminder, person) || !this.stillWanted(reminder, about)) {
      await this.finish(reminder, 'cancelled', 'reminder.cancelled', 'system');
      return 'cancelled';
    }
    const now = this.now();
    if (!reminder.urgent && isQuiet(now, person.timeZone, this.settings.quietHours)) {
      await this.update(reminder, { dueAt: afterQuietHours(now, person.timeZone, this.settings.quietHours), attempts: reminder.attempts - 1 }, ['leaseOwner', 'leaseUntil']);
      return 'deferred';
    }
    let shown: MessageHandle | void;
    try {
      shown = await this.deps.notifier.deliver(person, this.notification(reminder, person, about));
    } catch (error) {
      return this.failed(reminder, person, error);
    }
    // G22: a repeating reminder is due again one interval on, in the same write that says it
    // was sent; acknowledging the series cancels it (and a write from the version before fails).
    // Where the message is shown is kept with it, to bring it up to date once answered.
    const next = {
      ...(reminder.repeatEveryMs ? { dueAt: new Date(now.getTime() + reminder.repeatEveryMs), attempts: 0 } : { status: 'sent' as const }),
      sentAt: now,
      ...(shown ? { message: shown } : {}),
    };
    await this.update(reminder, next, ['leaseOwner', 'leaseUntil', 'lastError']);
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, now, 'system', 'reminder.sent', { reminderId: reminder._id, kind: reminder.kind, recipient: person._id });
    return 'sent';
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

  private notification(reminder: Reminder, person: Person, about: Subject): Parameters<Notifier['deliver']>[1] {
    const { case: c, committee, person: subject } = about;
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
    // Only the person a reminder was sent to may acknowledge or snooze it,
    if (!reminder || reminder.recipientId !== actor.personId) throw new AmparoError('NOT_FOUND', 'errors.reminder.not_found');
    // and only while they hold the role it was sent for (G8): a press on an old message of a
    // term that has ended stops nothing for the others.
    if (!this.concerns(reminder, actor)) throw new AmparoError('NOT_ALLOWED', 'errors.reminder.role_ended');
    return reminder;
  }

  /** Stops the whole series for everyone: the matter is in hand. */
  async acknowledge(actor: Actor, reminderId: string): Promise<Reminder> {
    const reminder = await this.ownReminder(actor, reminderId);
    await this.deps.store.acknowledgeSeries(reminder.series, this.now(), actor.personId);
    const acknowledged = (await this.update(reminder, { status: 'acknowledged' }, ['leaseOwner', 'leaseUntil'])) ?? { ...reminder, status: 'acknowledged' as const };
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), actor.personId, 'reminder.acknowledged', { reminderId, kind: reminder.kind });
    await this.cancelSeries(reminder.series, actor.personId);
    await this.settleShown(reminder.series, actor);
    return acknowledged;
  }

  /**
   * Every message of the series already shown (to this person or another) is brought up to
   * date: acknowledged, by whom and when; its buttons gone. Best effort: one that cannot be
   * changed stays as it was.
   */
  private async settleShown(series: string, actor: Actor): Promise<void> {
    const committees = new Map<TreatyBody, Promise<Committee | null>>();
    const settled = { how: 'acknowledged' as const, by: actor.displayName, at: this.now() };
    for (const reminder of await this.deps.store.findReminders({ series })) {
      if (!reminder.message) continue;
      const person = await this.deps.store.getPerson(reminder.recipientId);
      if (!person) continue;
      const about = await this.subject(reminder, committees);
      await this.deps.notifier.settle(person, reminder.message, { ...this.notification(reminder, person, about), settled }).catch((error: unknown) => {
        this.deps.logger.warn({ reminderId: reminder._id, err: error instanceof Error ? error.message : 'unknown' }, 'a reminder could not be brought up to date');
      });
    }
  }

  /**
   * G22: an urgent case is in hand, acknowledged from its alert (the caller has checked that
   * the person may act on the case): its hourly reminders stop for everyone, none sent yet.
   */
  async acknowledgeUrgent(actor: Actor, c: Case): Promise<void> {
    if (!c.urgent) throw new AmparoError('INVALID_STATE', 'errors.reminder.not_urgent', { reference: c.reference });
    const series = urgentSeries(c._id);
    if ((await this.deps.store.acknowledgedSeries([series])).length > 0) return;
    await this.deps.store.acknowledgeSeries(series, this.now(), actor.personId);
    await this.deps.register.record(c._id, this.now(), actor.personId, 'reminder.acknowledged', { series: 'urgent', from: 'alert' });
    await this.cancelSeries(series, actor.personId);
    await this.settleShown(series, actor);
  }

  /** Every pending reminder of the series is cancelled (acknowledged: nobody is reminded again). */
  private async cancelSeries(series: string, actorId: string): Promise<void> {
    for (const pending of await this.deps.store.findReminders({ series, statuses: ['pending'] })) {
      await this.finish(pending, 'cancelled', 'reminder.cancelled', actorId);
    }
  }

  /** The same reminder again, to the same person, a day or a week from now. */
  /**
   * The same reminder again, to the same person, a day or a week from now. A reminder is
   * snoozed once: a second press (an old message, a double click, another process) changes
   * nothing and says so, as does a press on a reminder already acknowledged or cancelled.
   */
  async snooze(actor: Actor, reminderId: string, days: 1 | 7): Promise<Date> {
    const reminder = await this.ownReminder(actor, reminderId);
    // Someone acknowledged the series (the matter is in hand): nothing to bring back.
    if (reminder.status !== 'sent' && reminder.status !== 'pending') throw this.answered(reminder);
    // G22: an urgent reminder comes back every interval until acknowledged; it is never put off longer.
    if (reminder.repeatEveryMs !== undefined && days * DAY > reminder.repeatEveryMs) throw new AmparoError('INVALID_STATE', 'errors.reminder.urgent_no_snooze', { reference: reminder.reference ?? '' });
    if (await this.seriesAcknowledged(reminder.series)) throw this.answered({ ...reminder, status: 'acknowledged' });
    const until = new Date(this.now().getTime() + days * DAY);
    const again: Reminder = {
      ...reminder,
      // One snooze per reminder, whoever presses and however often.
      _id: SchedulerService.reminderId(reminder.series, `snooze:${reminder._id}`, reminder.recipientId),
      dueAt: until,
      status: 'pending',
      attempts: 0,
      createdAt: this.now(),
      version: 1,
    };
    for (const key of ['leaseOwner', 'leaseUntil', 'sentAt', 'lastError'] as const) delete again[key];
    // The copy first: should the process stop in between, the reminder comes back rather than not at all.
    await this.deps.store.insertReminder(again);
    if (!(await this.update(reminder, { status: 'snoozed' }, ['leaseOwner', 'leaseUntil']))) {
      const now = (await this.deps.store.getReminder(reminder._id)) ?? reminder;
      // Acknowledged or cancelled meanwhile: the copy must not bring it back.
      const copy = await this.deps.store.getReminder(again._id);
      if (now.status !== 'snoozed' && copy?.status === 'pending') await this.finish(copy, 'cancelled', 'reminder.cancelled', actor.personId);
      throw this.answered(now);
    }
    if (reminder.caseId) await this.deps.register.record(reminder.caseId, this.now(), actor.personId, 'reminder.snoozed', { reminderId, days });
    return until;
  }

  /** The answer to a press on a reminder that was answered already. */
  private answered(reminder: Reminder): AmparoError {
    return new AmparoError('INVALID_STATE', reminder.status === 'snoozed' ? 'errors.reminder.already_snoozed' : 'errors.reminder.already_answered');
  }
}
