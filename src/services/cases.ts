import type { Clock, IdSource } from '../clock';
import { AmparoError } from '../errors';
import type { AllegationInput } from '../domain/allegation';
import * as lifecycle from '../domain/case';
import { caseReference, proposalOwner, reopeningOwner, type Case, type Change, type Sealed, type Step } from '../domain/case';
import type { Committee } from '../domain/committee';
import type { PendingEvent } from '../domain/register';
import { can, caseFacts, type Operation } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { submissionKey as scopedSubmissionKey } from '../domain/submission-key';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { StoreConflict, type Store } from '../store/store';
import { caseBinding, type KeyRing } from './crypto';
import { KeyedLock } from './keyed-lock';
import type { Notification, NotificationKind, NotificationService, Recipient, SendResult } from './notifications';
import type { PeopleService } from './people';
import type { RegisterService } from './register';
import type { PlanContext } from './scheduler';

type Serving = Awaited<ReturnType<PeopleService['serving']>>;

/** The one answer for a reference that does not exist and for a case the person has no part in. */
function unknownCase(reference: string): AmparoError {
  return new AmparoError('NOT_FOUND', 'errors.case.not_found', { reference });
}

const MAX_ATTEMPTS = 8;

/** Told of every stored change of a case, with the version before it (the scheduler plans from it). */
export type CaseObserver = (c: Case, previous: Case | undefined, known: PlanContext) => Promise<void>;

export interface CaseServiceDeps {
  store: Store;
  keys: KeyRing;
  clock: Clock;
  ids: IdSource;
  register: RegisterService;
  notifications: NotificationService;
  people: PeopleService;
  logger: Logger;
  metrics: Metrics;
}

export interface Submission {
  case: Case;
  /** True when this submission had already made the case (a retry or a double click). */
  duplicate: boolean;
}

/**
 * The use cases that change a case. Each loads the case, asks the policy, applies one pure
 * transition from `domain/case`, and writes it with a version guard; a concurrent change
 * makes it reload and re-apply, so conflicting decisions yield one winner and a clear refusal.
 */
export class CaseService {
  private readonly intakeLock = new KeyedLock();
  /** The last reference number this process gave, per committee and year (under `intakeLock`). */
  private readonly lastSeq = new Map<string, number>();
  private committeesRead: Promise<Committee[]> | undefined;
  private readonly observers: CaseObserver[] = [];
  /** What sends the other notices owed in the store (information added, a referral narrowed). */
  private readonly owedSenders: Array<() => Promise<number>> = [];

  constructor(private readonly deps: CaseServiceDeps) {}

  observe(observer: CaseObserver): void {
    this.observers.push(observer);
  }

  /** `send` sends what is still owed of another notice, and says how many it tried; `alertPending` runs it. */
  sweepOwed(send: () => Promise<number>): void {
    this.owedSenders.push(send);
  }

  /**
   * Tells the observers, without waiting for them: they never delay, undo or fail a change
   * that is stored (planning reminders runs after the alerts, off the request); what they
   * miss is caught up at the next start.
   */
  private changed(c: Case, previous?: Case, known: PlanContext = {}): void {
    for (const observer of this.observers) {
      observer(c, previous, known).catch((error: unknown) => this.deps.logger.warn({ reference: c.reference, err: error instanceof Error ? error.message : 'unknown' }, 'case observer failed'));
    }
  }

  /** Bound to the case and field, and a note of a proposal or reopening to it (`owner`, as `mapSealed` names it). */
  private seal(caseId: string, field: string, plaintext: string, owner?: string): Sealed {
    return this.deps.keys.seal(plaintext, caseBinding(caseId, field, owner));
  }

  private sealOptional(caseId: string, field: string, plaintext: string | undefined, owner?: string): Sealed | undefined {
    return plaintext === undefined || plaintext === '' ? undefined : this.seal(caseId, field, plaintext, owner);
  }

  /**
   * G10, G11: records the allegation and alerts every rapporteur and the chair at once.
   * `known.committee`: the committee's settings as this request read them already (the intake
   * listed the committees to build its form), so they are not read again.
   */
  async submitAllegation(actor: Actor, input: AllegationInput, platformKey: string, known: { committee?: Committee } = {}): Promise<Submission> {
    const { clock } = this.deps;
    // Scoped to the reporter, so a key replayed by someone else can never reach this case.
    const submissionKey = scopedSubmissionKey(actor.personId, platformKey);
    this.deps.metrics.intake('received');
    if (!can(actor, 'report', { committee: input.committee })) {
      this.deps.metrics.intake('refused');
      throw new AmparoError('NOT_ALLOWED', 'errors.not_allowed.report', { committee: input.committee });
    }
    const committee = known.committee?._id === input.committee ? known.committee : await this.committee(input.committee);
    // The case is stored owing its alert (G10), so a crash before the alert cannot lose it.
    const draft = this.draftCase(actor, input, submissionKey, clock.now());
    const created = await this.intakeLock.run(`${input.committee}-${draft.year}`, () => this.insertWithNextReference(draft));
    this.deps.metrics.intake(created.duplicate ? 'duplicate' : 'saved');
    if (created.duplicate) {
      // A retry or a double click: the case exists; its alert goes out if it is still owed.
      if (created.case.alertOwed) await this.alert(created.case, committee, actor.personId);
      return created;
    }
    this.deps.register.fresh(created.case._id);
    const flushed = await this.deps.register.flush(created.case._id, created.case, { keep: true }).then(
      () => created.case.outbox,
      (error: unknown) => (this.flushFailed(created.case, error), []),
    );
    const serving = await this.alert(created.case, committee, actor.personId, flushed);
    this.changed(created.case, undefined, { committee, serving, fresh: true });
    return created;
  }

  /**
   * Inserts first and looks only when refused: the refusing unique index says whether this
   * submission made a case already, or another case took the number (then the next one is
   * tried). References are gapless: a number exists only once a case holds it.
   */
  private async insertWithNextReference(draft: Case): Promise<Submission> {
    const { store } = this.deps;
    const counter = `${draft.committee}-${draft.year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS * 4; attempt++) {
      // The number after the last this process stored, or, when unknown or taken meanwhile
      // by another process, after the last in the store (an index lookup).
      const seq = (this.lastSeq.get(counter) ?? (await store.lastCaseSeq(draft.committee, draft.year))) + 1;
      const c: Case = { ...draft, seq, reference: caseReference(draft.committee, draft.year, seq) };
      try {
        await store.insertCase(c);
        this.lastSeq.set(counter, seq);
        return { case: c, duplicate: false };
      } catch (error) {
        this.lastSeq.delete(counter);
        if (!(error instanceof StoreConflict)) throw error;
        if (error.constraint === 'reference') continue;
        const same = error.constraint === 'submissionKey' ? await store.findCaseBySubmissionKey(draft.submissionKey) : null;
        if (same) return { case: same, duplicate: true };
        if (error.constraint !== 'submissionKey') throw error;
      }
    }
    throw new AmparoError('CONFLICT', 'errors.conflict');
  }

  private draftCase(actor: Actor, input: AllegationInput, submissionKey: string, now: Date): Case {
    const id = this.deps.ids.next();
    const consent = (answer: AllegationInput['consentStateContact']) => ({
      answer,
      informed: input.consentInformed === 'yes',
      recordedBy: actor.personId,
      recordedAt: now,
      how: input.channel,
    });
    const place = this.sealOptional(id, 'place', input.place);
    const sourceContact = this.sealOptional(id, 'sourceContact', input.sourceContact);
    const received = { id: this.deps.ids.next(), at: now, actorId: actor.personId, type: 'allegation.received' as const };
    return {
      _id: id,
      reference: '',
      committee: input.committee,
      year: now.getUTCFullYear(),
      seq: 0,
      submissionKey,
      status: 'received',
      reporterId: actor.personId,
      createdAt: now,
      updatedAt: now,
      alertOwed: true,
      urgent: input.imminentThreat === 'yes',
      confidential: input.confidential === 'yes',
      channel: input.channel,
      stateParty: input.stateParty,
      perpetrator: input.perpetrator,
      victimKind: input.victimKind,
      cooperation: input.cooperation,
      riskLevel: input.riskLevel,
      genderRisk: input.genderRisk,
      ...(input.incidentDate ? { incidentDate: input.incidentDate } : {}),
      sealed: {
        narrative: this.seal(id, 'narrative', input.narrative),
        victim: this.seal(id, 'victim', input.victim),
        ...(place ? { place } : {}),
        ...(sourceContact ? { sourceContact } : {}),
      },
      consent: {
        stateContact: consent(input.consentStateContact),
        publication: consent(input.consentPublication),
        referral: consent(input.consentReferral),
      },
      proposals: [],
      reopenings: [],
      outbox: [
        {
          ...received,
          data: { urgent: input.imminentThreat === 'yes', riskLevel: input.riskLevel, channel: input.channel, confidential: input.confidential === 'yes' },
        },
      ],
      version: 1,
    };
  }

  /**
   * G10 and G22: rapporteurs and chair at once; urgent cases also the security focal point.
   * Settling the alert also clears the register entries already moved (`registered`) from the
   * case. Returns who serves the committee now (reminders are planned for them next).
   */
  private async alert(c: Case, committee: Committee, actorId: string, registered: PendingEvent[] = []): Promise<Serving> {
    const serving = await this.deps.people.serving(c.committee);
    const audiences: Array<Recipient['audience']> = ['rapporteur', 'chair', ...(c.urgent ? (['security_focal_point'] as const) : [])];
    // A person holding two of these roles is told once, as the first.
    const recipients = audiences.flatMap((audience) => serving.filter(({ roles }) => roles.has(audience)).map(({ person }) => ({ person, audience })));
    const told = [...new Map(recipients.reverse().map((r) => [r.person._id, r])).values()].reverse();
    if (told.length === 0) this.deps.logger.error({ reference: c.reference }, 'no rapporteur or chair to alert');
    const securityContact = c.urgent && committee.securityContact ? { securityContact: committee.securityContact } : {};
    // G12: with two or more rapporteurs, the alert offers to take the lead (`LeadService`).
    const offered = serving.filter(({ roles }) => roles.has('rapporteur')).length > 1 ? { lead: { offered: true as const } } : {};
    const { settled } = await this.notify(c, actorId, told, 'allegation.alert', { ...securityContact, ...offered });
    // Another request or process still sending part of it settles it; if it dies, the claim lapses and this is sent again.
    if (settled) await this.deps.store.settleAlert(c._id, registered.map((e) => e.id));
    return serving;
  }

  /**
   * An alert that did not go out (store down, crash) goes out on the submission's retry or at
   * the next start: G10 allows no allegation to stay unheard. So do the other notices owed
   * (`sweepOwed`). How many alerts and notices were tried.
   */
  async alertPending(): Promise<number> {
    let sent = 0;
    for (const caseId of await this.deps.store.casesOwingAlerts()) {
      const c = await this.deps.store.getCase(caseId);
      if (!c?.alertOwed) continue;
      await this.alert(c, await this.committee(c.committee), c.reporterId);
      sent += 1;
    }
    for (const send of this.owedSenders) sent += await send();
    return sent;
  }

  /** Everyone holding one of the roles now; a person holding two is told once, as the first. */
  private async recipients(c: Case, audiences: Array<Recipient['audience']>): Promise<Recipient[]> {
    return (await this.deps.people.holdingAny(c.committee, audiences)).map(({ person, role }) => ({ person, audience: role }));
  }

  private async notify(
    c: Case,
    actorId: string,
    recipients: Recipient[],
    kind: NotificationKind,
    extra: Pick<Notification, 'securityContact' | 'proposal' | 'lead'> = {},
  ): Promise<SendResult> {
    const base = { kind, caseId: c._id, reference: c.reference, committee: c.committee, riskLevel: c.riskLevel, urgent: c.urgent, ...extra };
    // A case's alert goes out once in its life; any other notice once per change of the case.
    const occurrence = kind === 'allegation.alert' ? 'alert' : `v${c.version}${extra.proposal ? `:${extra.proposal.id}` : ''}`;
    return this.deps.notifications.send(recipients, base, this.deps.clock.now(), actorId, occurrence);
  }

  private proposalNotice(p: lifecycle.Proposal): Pick<Notification, 'proposal'> {
    const decided = p.decision ? { verdict: p.decision.verdict, decidedBy: p.decision.byName } : {};
    return { proposal: { id: p.id, number: p.number, type: p.type, ...decided } };
  }

  /**
   * The committees served. Under a burst many requests ask at the same moment: they share one
   * read, never a stale copy.
   */
  async committees(): Promise<Committee[]> {
    this.committeesRead ??= this.deps.store.listCommittees().finally(() => (this.committeesRead = undefined));
    return this.committeesRead;
  }

  async committee(id: Committee['_id']): Promise<Committee> {
    const committee = await this.deps.store.getCommittee(id);
    if (!committee) throw new AmparoError('NOT_FOUND', 'errors.committee.not_found', { committee: id });
    return committee;
  }

  /**
   * Loads a case by reference and asks the policy; the one door every use case goes through.
   * Someone who may not even see the case's status is answered exactly as for a reference that
   * does not exist (`unknownCase`), so that trying references counts no case (G11, G18).
   */
  async load(actor: Actor, reference: string, operation: Operation): Promise<Case> {
    const asked = reference.trim().toUpperCase();
    const c = await this.deps.store.findCaseByReference(asked);
    if (!c) throw unknownCase(asked);
    const target = { committee: c.committee, case: caseFacts(c) };
    if (!can(actor, operation, target)) {
      if (!can(actor, 'view_status', target)) throw unknownCase(asked);
      throw new AmparoError('NOT_ALLOWED', `errors.not_allowed.${operation}`, { reference: c.reference });
    }
    return c;
  }

  /**
   * Loads, asks the policy, applies one transition and stores it with a version guard (reloading
   * on a conflict); then flushes the register and tells the observers. Other services that
   * change a case (referrals) go through here too.
   */
  async mutate(actor: Actor, reference: string, operation: Operation, transition: (c: Case, step: Step) => Change | Promise<Change>): Promise<Case> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.load(actor, reference, operation);
      const c = { ...loaded, outbox: await this.deps.register.unregistered(loaded.outbox) };
      const step: Step = { actorId: actor.personId, actorName: actor.displayName, at: this.deps.clock.now(), newId: () => this.deps.ids.next() };
      const { next } = await transition(c, step);
      if (await this.deps.store.replaceCase(next, c.version)) {
        await this.deps.register.flush(next._id, next).catch((error: unknown) => this.flushFailed(next, error));
        this.changed(next, loaded);
        return next;
      }
    }
    throw new AmparoError('CONFLICT', 'errors.conflict');
  }

  /** The change is stored with its register entries in the outbox; a later flush moves them. */
  private flushFailed(c: Case, error: unknown): void {
    this.deps.logger.warn({ reference: c.reference, err: error instanceof Error ? error.message : 'unknown' }, 'register flush deferred');
  }

  async startAssessment(actor: Actor, reference: string): Promise<Case> {
    return this.mutate(actor, reference, 'assess', (c, step) => lifecycle.startAssessment(c, step));
  }

  async recordSources(actor: Actor, reference: string, sources: lifecycle.AssessmentSource[], note: string): Promise<Case> {
    return this.mutate(actor, reference, 'assess', (c, step) => lifecycle.recordSources(c, step, sources, this.sealOptional(c._id, 'sourcesNote', note)));
  }

  /** G12, G14: consults the country rapporteur (or records that there is none) in confidence. */
  async consultCountryRapporteur(actor: Actor, reference: string, countryRapporteurId: string | undefined, note: string): Promise<Case> {
    let consulted: Recipient[] = [];
    const c = await this.mutate(actor, reference, 'assess', async (current, step) => {
      const candidates = await this.deps.people.holding(current.committee, 'country_rapporteur', current.stateParty);
      const chosen = countryRapporteurId === undefined ? undefined : candidates.find((p) => p._id === countryRapporteurId);
      if (countryRapporteurId !== undefined && !chosen) {
        throw new AmparoError('INVALID_INPUT', 'errors.assessment.not_country_rapporteur', { reference: current.reference });
      }
      consulted = chosen ? [{ person: chosen, audience: 'country_rapporteur' }] : [];
      return lifecycle.recordConsultation(current, step, chosen?._id, this.sealOptional(current._id, 'consultationNote', note));
    });
    if (consulted.length > 0) await this.notify(c, actor.personId, consulted, 'consultation.request');
    return c;
  }

  async recordOutcome(actor: Actor, reference: string, outcome: lifecycle.Outcome, findings: string): Promise<Case> {
    const c = await this.mutate(actor, reference, 'assess', async (current, step) => {
      const countryRapporteurs = await this.deps.people.holding(current.committee, 'country_rapporteur', current.stateParty);
      return lifecycle.recordOutcome(current, step, outcome, this.seal(current._id, 'findings', findings), countryRapporteurs.length > 0);
    });
    // G14: the rapporteur reports findings to the chair.
    await this.notify(c, actor.personId, await this.recipients(c, ['chair']), 'assessment.completed');
    return c;
  }

  async propose(
    actor: Actor,
    reference: string,
    input: { type: lifecycle.Proposal['type']; details: string; publicSummary?: string; doNoHarm: string; deadlineDays?: number },
  ): Promise<{ case: Case; proposal: lifecycle.Proposal }> {
    // G13: no action is proposed without weighing its effect on the people concerned.
    if (input.doNoHarm.trim() === '') throw new AmparoError('INVALID_INPUT', 'errors.proposal.do_no_harm_required');
    const c = await this.mutate(actor, reference, 'propose', (current, step) => {
      // The proposal's id is made first: its notes are sealed bound to it.
      const id = step.newId();
      const owner = proposalOwner(id);
      return lifecycle.propose(current, step, {
        id,
        type: input.type,
        doNoHarm: this.seal(current._id, 'doNoHarm', input.doNoHarm, owner),
        ...(input.details ? { details: this.seal(current._id, 'proposalDetails', input.details, owner) } : {}),
        ...(input.publicSummary?.trim() ? { publicSummary: this.seal(current._id, 'publicSummary', input.publicSummary, owner) } : {}),
        ...(input.deadlineDays ? { deadlineDays: input.deadlineDays } : {}),
      });
    });
    const proposal = c.proposals[c.proposals.length - 1] as lifecycle.Proposal;
    // G14: a chair who proposed as rapporteur is not asked to decide on it.
    const deciders = (await this.recipients(c, ['chair'])).filter((r) => r.person._id !== actor.personId);
    await this.notify(c, actor.personId, deciders, 'proposal.awaiting_decision', this.proposalNotice(proposal));
    return { case: c, proposal };
  }

  /** G14; G25: `publicSummary` says whether an approved action's public summary may be named. */
  async decide(
    actor: Actor,
    reference: string,
    proposalId: string,
    verdict: lifecycle.Verdict,
    authority: lifecycle.Authority,
    note: string,
    publicSummary?: lifecycle.PublicSummaryVerdict,
  ): Promise<{ case: Case; proposal: lifecycle.Proposal }> {
    const c = await this.mutate(actor, reference, 'decide', (current, step) =>
      lifecycle.decide(current, step, proposalId, verdict, authority, this.sealOptional(current._id, 'decisionNote', note, proposalOwner(proposalId)), publicSummary),
    );
    const proposal = lifecycle.findProposal(c, proposalId);
    // The chairs' messages asking for this decision now say it was taken, by whom and when.
    const settled = { kind: 'proposal.awaiting_decision' as const, audience: 'chair' as const, caseId: c._id, reference: c.reference, committee: c.committee, riskLevel: c.riskLevel, urgent: c.urgent, ...this.proposalNotice(proposal) };
    if (proposal.decision) {
      const { note: _note, by: _by, ...decision } = proposal.decision;
      await this.deps.notifications.settle(c._id, 'proposal.awaiting_decision', (occurrence) => occurrence.endsWith(`:${proposal.id}`), { ...settled, settled: { how: 'decided', decision, ...(proposal.dueAt ? { dueAt: proposal.dueAt } : {}) } });
    }
    await this.notify(c, actor.personId, await this.recipients(c, ['rapporteur']), 'proposal.decided', this.proposalNotice(proposal));
    return { case: c, proposal };
  }

  /** G19: the approved action is done (the State replied); its reminders stop. */
  async completeAction(actor: Actor, reference: string, proposalId: string, note: string): Promise<Case> {
    return this.mutate(actor, reference, 'propose', (c, step) => lifecycle.completeAction(c, step, proposalId, this.sealOptional(c._id, 'completionNote', note, proposalOwner(proposalId))));
  }

  /** G19: the chair extends a deadline, with a reason; the reminders follow the new date. */
  async extendDeadline(actor: Actor, reference: string, proposalId: string, days: number, reason: string): Promise<Case> {
    return this.mutate(actor, reference, 'decide', (c, step) => lifecycle.extendDeadline(c, step, proposalId, days, this.seal(c._id, 'extensionReason', reason, proposalOwner(proposalId))));
  }

  /** G5e, G21: consent withdrawn stops the actions that needed it, and the rapporteurs are told. */
  async updateConsent(actor: Actor, reference: string, update: lifecycle.ConsentUpdate): Promise<Case> {
    let before: Case | undefined;
    const after = await this.mutate(actor, reference, 'manage_consent', (c, step) => {
      before = c;
      return lifecycle.updateConsent(c, step, update);
    });
    const stopped = before ? lifecycle.withdrawnByConsent(before, after) : [];
    if (stopped.length > 0) {
      const rapporteurs = await this.recipients(after, ['rapporteur']);
      for (const proposal of stopped) await this.notify(after, actor.personId, rapporteurs, 'proposal.withdrawn', this.proposalNotice(proposal));
    }
    return after;
  }

  async close(actor: Actor, reference: string, reason: lifecycle.ClosureReason, note: string): Promise<Case> {
    return this.mutate(actor, reference, 'close', (c, step) => lifecycle.close(c, step, reason, this.sealOptional(c._id, 'closureNote', note)));
  }

  async reopen(actor: Actor, reference: string, note: string): Promise<Case> {
    return this.mutate(actor, reference, 'reopen', (c, step) => lifecycle.reopen(c, step, this.seal(c._id, 'reopeningNote', note, reopeningOwner(c.reopenings.length + 1))));
  }
}
