import { AmparoError } from '../errors';
import { consentNeededFor, type ActionTypeId, type ConsentKind } from './actions';
import type { TreatyBody } from './committee';
import type {
  CHANNELS,
  CONSENT_ANSWERS,
  COOPERATION_KINDS,
  PERPETRATOR_KINDS,
  RISK_LEVELS,
  VICTIM_KINDS,
  YES_NO_UNKNOWN,
} from './allegation';
import { assertReferable, referralSharing, sharingNarrowed, type Referral } from './referral';
import type { EventData, EventType, PendingEvent } from './register';
import type { Sealed } from './sealed';
export type { Sealed } from './sealed';

/**
 * What stands where a sensitive text was destroyed under the retention policy: not a sealed
 * value (it names no key and opens to nothing), so the shape of the case stays as it was.
 */
export const DESTROYED = 'destroyed' as Sealed;

export function isDestroyed(value: Sealed | undefined): boolean {
  return value === DESTROYED;
}

export const CASE_STATUSES = ['received', 'under_assessment', 'assessed', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** G14 outcomes of the initial assessment. */
export const OUTCOMES = ['substantiated', 'may_have_occurred', 'not_substantiated', 'insufficient_information'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** G12: the range of sources a rapporteur may consult. */
export const ASSESSMENT_SOURCES = [
  'state_party',
  'individuals_concerned',
  'secretariat',
  'ohchr_field_presence',
  'other_un_bodies',
  'nhri',
  'national_preventive_mechanism',
  'civil_society',
] as const;
export type AssessmentSource = (typeof ASSESSMENT_SOURCES)[number];

export const VERDICTS = ['approved', 'declined', 'more_requested'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const AUTHORITIES = ['chair', 'plenary'] as const; // G14: rules of procedure
export type Authority = (typeof AUTHORITIES)[number];
/**
 * G25: the longest public summary, short enough to be read whole in the decision form beside
 * the statement that approving it makes it public.
 */
export const PUBLIC_SUMMARY_MAX = 1000;
/** G25: what the chair said of a proposal's public summary when approving it. */
export const PUBLIC_SUMMARY_VERDICTS = ['approved', 'withheld'] as const;
export type PublicSummaryVerdict = (typeof PUBLIC_SUMMARY_VERDICTS)[number];

export const CLOSURE_REASONS = [
  'actions_completed',
  'not_substantiated',
  'insufficient_information',
  'withdrawn_by_source',
  'duplicate',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

type ConsentAnswer = (typeof CONSENT_ANSWERS)[number];

/** Consent means the person was told of the risks (G5e): `informed` records that. */
export interface ConsentEntry {
  answer: ConsentAnswer;
  informed: boolean;
  recordedBy: string;
  recordedAt: Date;
  how: (typeof CHANNELS)[number];
}
type ConsentRecord = Record<ConsentKind, ConsentEntry>;

interface Assessment {
  startedBy: string;
  startedAt: Date;
  sources: AssessmentSource[];
  sourcesNote?: Sealed;
  /** G12/G14; `countryRapporteurId` is absent when the committee has none for the State. */
  consultation?: { countryRapporteurId?: string; recordedBy: string; at: Date; note?: Sealed };
  outcome?: Outcome;
  findings?: Sealed;
  assessedBy?: string;
  assessedAt?: Date;
}

export interface Decision {
  verdict: Verdict;
  by: string;
  byName: string;
  at: Date;
  authority: Authority;
  note?: Sealed;
  /** G25: whether the approved action's public summary may be named in the report; only `approved` ever is. */
  publicSummary?: PublicSummaryVerdict;
}

type ProposalStatus = 'proposed' | Verdict | 'withdrawn';

export interface Proposal {
  id: string;
  number: number;
  type: ActionTypeId;
  details?: Sealed;
  /**
   * G25: the text proposed for the report to the General Assembly, written to be public; it
   * leaves Amparo only once the chair approved it as public. `details` never leave.
   */
  publicSummary?: Sealed;
  doNoHarm: Sealed; // G13: every step weighs its effect on the people concerned
  deadlineDays?: number;
  proposedBy: string;
  proposedAt: Date;
  status: ProposalStatus;
  decision?: Decision;
  dueAt?: Date;
  /** G19: the approved action is done (the State replied, the letter went): no more reminders. */
  completedAt?: Date;
  completedBy?: string;
  completionNote?: Sealed;
  /** Each extension of the deadline, with the chair's reason (sealed). */
  extensions?: Array<{ by: string; at: Date; from: Date; to: Date; reason: Sealed }>;
}

interface Closure {
  reason: ClosureReason;
  note?: Sealed;
  by: string;
  at: Date;
  previousStatus: Exclude<CaseStatus, 'closed'>;
}

interface Reopening {
  by: string;
  at: Date;
  note: Sealed;
  closedFor: ClosureReason;
}

export interface Case {
  _id: string;
  reference: string;
  committee: TreatyBody;
  year: number;
  seq: number;
  /** One submission of the intake form makes at most one case, however often it is retried. */
  submissionKey: string;
  status: CaseStatus;
  reporterId: string;
  createdAt: Date;
  updatedAt: Date;
  urgent: boolean; // G22: imminent threat during a session
  confidential: boolean; // G11, G18
  channel: (typeof CHANNELS)[number];
  stateParty: string;
  perpetrator: (typeof PERPETRATOR_KINDS)[number];
  victimKind: (typeof VICTIM_KINDS)[number];
  cooperation: (typeof COOPERATION_KINDS)[number];
  riskLevel: (typeof RISK_LEVELS)[number];
  genderRisk: (typeof YES_NO_UNKNOWN)[number]; // G5f
  incidentDate?: string;
  sealed: {
    narrative: Sealed;
    victim: Sealed;
    place?: Sealed;
    sourceContact?: Sealed;
  };
  consent: ConsentRecord;
  assessment?: Assessment;
  proposals: Proposal[];
  closure?: Closure;
  reopenings: Reopening[];
  /** G16: requests for support sent to other committees; absent on cases never referred. */
  referrals?: Referral[];
  /** Retention: the texts are destroyed (an encrypted archive, named by its id, keeps them). */
  textsDestroyed?: { at: Date; by: string; archiveId: string };
  /** Register entries written with this version and not yet moved to `events`. */
  outbox: PendingEvent[];
  /**
   * G10: set when the case is stored, until its alert has gone to every rapporteur and the
   * chair; a case that still owes it after a crash is alerted at the next start.
   */
  alertOwed?: true;
  /**
   * Other notices owed on the case, each written by the change that owes it and left until
   * every recipient is handled; a notice still owed after a failure or a crash goes out at the
   * next sweep tick, to whoever missed it. Empty or absent when none is owed.
   */
  noticesOwed?: OwedNotice[];
  /** The rapporteur who takes the case, among two or more (`src/domain/lead.ts`); absent until one does. */
  lead?: { personId: string; since: Date };
  /**
   * G13: the day the next contact with the person at risk is due (midnight UTC), as the latest
   * contact planned it (`planNextContact`, `src/domain/contacts.ts`); absent when none is planned.
   * The one fact the contact reminders are planned from.
   */
  nextContactDue?: Date;
  version: number;
}

/**
 * A notice owed on a case. `occurrence` names it in the delivery keys, so that whoever sends
 * it (the change's own process, the sweep, another process) tells each recipient once; `by`
 * is who made the change. G5e: a referral's rapporteurs told that it shows less.
 */
interface OwedNotice {
  kind: 'referral.narrowed';
  occurrence: string;
  by: string;
  referral: { number: number; to: TreatyBody };
}

/** G12: until the initial assessment is recorded, every case is labelled an allegation. */
export function isAlleged(c: Case): boolean {
  return c.assessment?.outcome === undefined;
}

export function caseReference(committee: TreatyBody, year: number, seq: number): string {
  return `${committee}-${year}-${String(seq).padStart(4, '0')}`;
}

export interface Change {
  next: Case;
  events: PendingEvent[];
}

/** The context every transition needs: who, when, and a source of fresh ids. */
export interface Step {
  actorId: string;
  actorName: string;
  at: Date;
  newId: () => string;
}

export function change(c: Case, step: Step, patch: Partial<Case>, events: Array<[EventType, EventData]>): Change {
  const pending = events.map(([type, data]) => ({ id: step.newId(), at: step.at, actorId: step.actorId, type, data }));
  return {
    next: { ...c, ...patch, updatedAt: step.at, version: c.version + 1, outbox: [...c.outbox, ...pending] },
    events: pending,
  };
}

function refuseIfClosed(c: Case): void {
  if (c.status === 'closed') throw new AmparoError('INVALID_STATE', 'errors.case.closed', { reference: c.reference });
}

/** Starting is implicit in every assessment step, so a rapporteur never hits a needless refusal. */
function assessmentOf(c: Case, step: Step): { assessment: Assessment; started: Array<[EventType, EventData]> } {
  refuseIfClosed(c);
  if (c.assessment?.outcome !== undefined) {
    throw new AmparoError('INVALID_STATE', 'errors.assessment.already_done', { reference: c.reference });
  }
  if (c.assessment) return { assessment: c.assessment, started: [] };
  return {
    assessment: { startedBy: step.actorId, startedAt: step.at, sources: [] },
    started: [['assessment.started', {}]],
  };
}

export function startAssessment(c: Case, step: Step): Change {
  if (c.assessment && c.assessment.outcome === undefined) {
    throw new AmparoError('INVALID_STATE', 'errors.assessment.already_started', { reference: c.reference });
  }
  const { assessment, started } = assessmentOf(c, step);
  return change(c, step, { status: 'under_assessment', assessment }, started);
}

export function recordSources(c: Case, step: Step, sources: AssessmentSource[], note: Sealed | undefined): Change {
  const { assessment, started } = assessmentOf(c, step);
  const next: Assessment = { ...assessment, sources: [...new Set(sources)], ...(note ? { sourcesNote: note } : {}) };
  return change(c, step, { status: 'under_assessment', assessment: next }, [
    ...started,
    ['assessment.sources_recorded', { sources: next.sources }],
  ]);
}

export function recordConsultation(c: Case, step: Step, countryRapporteurId: string | undefined, note: Sealed | undefined): Change {
  const { assessment, started } = assessmentOf(c, step);
  const consultation = {
    ...(countryRapporteurId ? { countryRapporteurId } : {}),
    recordedBy: step.actorId,
    at: step.at,
    ...(note ? { note } : {}),
  };
  return change(c, step, { status: 'under_assessment', assessment: { ...assessment, consultation } }, [
    ...started,
    ['assessment.country_rapporteur_consulted', { countryRapporteurId: countryRapporteurId ?? null }],
  ]);
}

/**
 * G12 asks for a range of sources and G14 for the country rapporteur's view, if there is
 * one; the outcome cannot be recorded before both.
 */
export function recordOutcome(c: Case, step: Step, outcome: Outcome, findings: Sealed, countryRapporteurExists: boolean): Change {
  const { assessment, started } = assessmentOf(c, step);
  if (assessment.sources.length === 0) {
    throw new AmparoError('INVALID_STATE', 'errors.assessment.sources_first', { reference: c.reference });
  }
  if (countryRapporteurExists && assessment.consultation === undefined) {
    throw new AmparoError('INVALID_STATE', 'errors.assessment.consult_first', { reference: c.reference });
  }
  const next: Assessment = { ...assessment, outcome, findings, assessedBy: step.actorId, assessedAt: step.at };
  return change(c, step, { status: 'assessed', assessment: next }, [...started, ['assessment.completed', { outcome }]]);
}

export interface ProposalInput {
  /** Made by the caller when notes are sealed bound to the proposal (`proposalOwner`); fresh otherwise. */
  id?: string;
  type: ActionTypeId;
  details?: Sealed;
  publicSummary?: Sealed;
  doNoHarm: Sealed;
  deadlineDays?: number;
}

/** Actions follow the assessment, except on the urgent path, which never waits (G22). */
export function propose(c: Case, step: Step, input: ProposalInput): Change {
  refuseIfClosed(c);
  if (c.status !== 'assessed' && !c.urgent) {
    throw new AmparoError('INVALID_STATE', 'errors.proposal.assess_first', { reference: c.reference });
  }
  // G25: a public summary is the text of the report to the General Assembly, nothing else's.
  if (input.publicSummary !== undefined && input.type !== 'G25') throw new AmparoError('INVALID_INPUT', 'errors.proposal.public_summary_g25');
  const proposal: Proposal = {
    id: input.id ?? step.newId(),
    number: c.proposals.length + 1,
    type: input.type,
    ...(input.details ? { details: input.details } : {}),
    ...(input.publicSummary ? { publicSummary: input.publicSummary } : {}),
    doNoHarm: input.doNoHarm,
    ...(input.deadlineDays ? { deadlineDays: input.deadlineDays } : {}),
    proposedBy: step.actorId,
    proposedAt: step.at,
    status: 'proposed',
  };
  return change(c, step, { proposals: [...c.proposals, proposal] }, [
    ['proposal.made', { proposalId: proposal.id, number: proposal.number, actionType: proposal.type, deadlineDays: proposal.deadlineDays ?? null }],
  ]);
}

export function findProposal(c: Case, proposalId: string): Proposal {
  const proposal = c.proposals.find((p) => p.id === proposalId);
  if (!proposal) throw new AmparoError('NOT_FOUND', 'errors.proposal.not_found', { reference: c.reference });
  return proposal;
}

/** The consent gate (G5e, G21, G23, G26, G27, G29, G30): "yes", given with the risks explained. */
export function consentGiven(c: Case, kind: ConsentKind): boolean {
  const entry = c.consent[kind];
  return entry.answer === 'yes' && entry.informed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A proposal is decided once; the second decision is refused naming the first (G14). */
export function assertDecidable(c: Case, proposal: Proposal): void {
  refuseIfClosed(c);
  if (proposal.decision) {
    throw new AmparoError('ALREADY_DECIDED', 'errors.proposal.already_decided', {
      number: proposal.number,
      by: proposal.decision.byName,
      verdict: proposal.decision.verdict,
    });
  }
  if (proposal.status !== 'proposed') {
    throw new AmparoError('INVALID_STATE', 'errors.proposal.not_pending', { number: proposal.number });
  }
}

/**
 * G14: the chair decides on what a rapporteur proposed, never on what they proposed themselves
 * (a chair who is also a rapporteur); under either authority, since they record the decision.
 * G25: approving an action that carries a public summary says whether the summary is public.
 */
export function decide(
  c: Case,
  step: Step,
  proposalId: string,
  verdict: Verdict,
  authority: Authority,
  note: Sealed | undefined,
  publicSummary?: PublicSummaryVerdict,
): Change {
  const proposal = findProposal(c, proposalId);
  assertDecidable(c, proposal);
  if (proposal.proposedBy === step.actorId) throw new AmparoError('NOT_ALLOWED', 'errors.proposal.own_proposal', { number: proposal.number });
  const consent = consentNeededFor(proposal.type);
  if (verdict === 'approved' && consent !== undefined && !consentGiven(c, consent)) {
    throw new AmparoError('CONSENT_REQUIRED', 'errors.proposal.consent_required', { action: proposal.type, consent });
  }
  const summarised = verdict === 'approved' && proposal.publicSummary !== undefined;
  if (summarised && publicSummary === undefined) throw new AmparoError('INVALID_STATE', 'errors.proposal.public_summary_unanswered', { number: proposal.number });
  const decision: Decision = {
    verdict,
    by: step.actorId,
    byName: step.actorName,
    at: step.at,
    authority,
    ...(note ? { note } : {}),
    ...(summarised ? { publicSummary } : {}),
  };
  const decided: Proposal = {
    ...proposal,
    status: verdict,
    decision,
    ...(verdict === 'approved' && proposal.deadlineDays ? { dueAt: new Date(step.at.getTime() + proposal.deadlineDays * DAY_MS) } : {}),
  };
  return change(c, step, { proposals: c.proposals.map((p) => (p.id === proposalId ? decided : p)) }, [
    [
      'proposal.decided',
      {
        proposalId,
        number: proposal.number,
        verdict,
        authority,
        dueAt: decided.dueAt ? decided.dueAt.toISOString() : null,
        ...(decision.publicSummary ? { publicSummary: decision.publicSummary } : {}),
      },
    ],
  ]);
}

/** An approved action not yet done: the only kind that can be completed or given more time. */
export function assertActionOpen(c: Case, proposal: Proposal): void {
  refuseIfClosed(c);
  if (proposal.status !== 'approved') throw new AmparoError('INVALID_STATE', 'errors.proposal.not_approved', { number: proposal.number });
  if (proposal.completedAt) throw new AmparoError('INVALID_STATE', 'errors.proposal.already_completed', { number: proposal.number });
}

function approvedAction(c: Case, proposalId: string): Proposal {
  const proposal = findProposal(c, proposalId);
  assertActionOpen(c, proposal);
  return proposal;
}

function replaceProposal(c: Case, updated: Proposal): Proposal[] {
  return c.proposals.map((p) => (p.id === updated.id ? updated : p));
}

/** G19: an approved action is done; its deadline stops being chased. */
export function completeAction(c: Case, step: Step, proposalId: string, note: Sealed | undefined): Change {
  const proposal = approvedAction(c, proposalId);
  const done: Proposal = { ...proposal, completedAt: step.at, completedBy: step.actorId, ...(note ? { completionNote: note } : {}) };
  return change(c, step, { proposals: replaceProposal(c, done) }, [['proposal.completed', { proposalId, number: proposal.number }]]);
}

/** G19: the chair gives the State party more time, saying why. */
export function extendDeadline(c: Case, step: Step, proposalId: string, days: number, reason: Sealed): Change {
  const proposal = approvedAction(c, proposalId);
  if (!proposal.dueAt) throw new AmparoError('INVALID_STATE', 'errors.proposal.no_deadline', { number: proposal.number });
  const to = new Date(Math.max(proposal.dueAt.getTime(), step.at.getTime()) + days * DAY_MS);
  const extended: Proposal = { ...proposal, dueAt: to, extensions: [...(proposal.extensions ?? []), { by: step.actorId, at: step.at, from: proposal.dueAt, to, reason }] };
  return change(c, step, { proposals: replaceProposal(c, extended) }, [
    ['proposal.deadline_extended', { proposalId, number: proposal.number, from: proposal.dueAt.toISOString(), to: to.toISOString() }],
  ]);
}

export interface ConsentUpdate {
  kind: ConsentKind;
  answer: ConsentAnswer;
  informed: boolean;
  how: (typeof CHANNELS)[number];
}

/**
 * Records consent (G5e, G21). When consent that was given is withdrawn, every action that
 * needed it and is still pending or running stops: it is withdrawn, and the register says
 * which. Consent never given leaves proposals waiting for it as they are.
 */
export function updateConsent(c: Case, step: Step, update: ConsentUpdate): Change {
  refuseIfClosed(c);
  const entry: ConsentEntry = { answer: update.answer, informed: update.informed, how: update.how, recordedBy: step.actorId, recordedAt: step.at };
  const withdrawnNow = consentGiven(c, update.kind) && !(update.answer === 'yes' && update.informed);
  const stopped = !withdrawnNow
    ? []
    : c.proposals.filter((p) => consentNeededFor(p.type) === update.kind && (p.status === 'proposed' || (p.status === 'approved' && !p.completedAt)));
  const withdrawn = new Set(stopped.map((p) => p.id));
  // G5e: owed in the same write as the consent, so that no crash loses the notice.
  const narrowed = update.kind === 'referral' ? (c.referrals ?? []).filter((r) => sharingNarrowed(r, c.consent.referral, entry)) : [];
  const owed = narrowed.map((r): OwedNotice => ({ kind: 'referral.narrowed', occurrence: `referral:${r.number}:v${c.version + 1}`, by: step.actorId, referral: { number: r.number, to: r.to } }));
  return change(
    c,
    step,
    {
      consent: { ...c.consent, [update.kind]: entry },
      ...(owed.length > 0 ? { noticesOwed: [...(c.noticesOwed ?? []), ...owed] } : {}),
      proposals: c.proposals.map((p) => (withdrawn.has(p.id) ? { ...p, status: 'withdrawn' as const } : p)),
    },
    [
      ['consent.updated', { kind: update.kind, answer: update.answer, informed: update.informed, how: update.how }],
      ...stopped.map((p): [EventType, EventData] => ['proposal.withdrawn', { proposalId: p.id, number: p.number, actionType: p.type, reason: 'consent_withdrawn' }]),
    ],
  );
}

/** The actions a consent change stopped, for telling the rapporteurs. */
export function withdrawnByConsent(before: Case, after: Case): Proposal[] {
  return after.proposals.filter((p) => p.status === 'withdrawn' && before.proposals.find((q) => q.id === p.id)?.status !== 'withdrawn');
}

export function close(c: Case, step: Step, reason: ClosureReason, note: Sealed | undefined): Change {
  if (c.status === 'closed') throw new AmparoError('INVALID_STATE', 'errors.case.already_closed', { reference: c.reference });
  const closure: Closure = { reason, by: step.actorId, at: step.at, previousStatus: c.status, ...(note ? { note } : {}) };
  const withdrawn = c.proposals.filter((p) => p.status === 'proposed');
  return change(
    c,
    step,
    {
      status: 'closed',
      closure,
      proposals: c.proposals.map((p) => (p.status === 'proposed' ? { ...p, status: 'withdrawn' as const } : p)),
    },
    [['case.closed', { reason, withdrawnProposals: withdrawn.map((p) => p.id) }]],
  );
}

export function reopen(c: Case, step: Step, note: Sealed): Change {
  if (c.status !== 'closed' || !c.closure) {
    throw new AmparoError('INVALID_STATE', 'errors.case.not_closed', { reference: c.reference });
  }
  // Nothing is left to work on: the texts are only in the archive.
  if (c.textsDestroyed) throw new AmparoError('INVALID_STATE', 'retention.case_destroyed', { reference: c.reference });
  // A contact planned before the closure is not chased after it (G13): the next contact recorded plans again.
  const { closure, nextContactDue: _planned, ...open } = c;
  const reopening: Reopening = { by: step.actorId, at: step.at, note, closedFor: closure.reason };
  return change(open, step, { status: closure.previousStatus, reopenings: [...c.reopenings, reopening] }, [
    ['case.reopened', { status: closure.previousStatus }],
  ]);
}

export interface ReferralInput {
  to: Referral['to'];
  support: Sealed;
}

/**
 * G16: asks the rapporteurs of another committee for supportive action. What they may see is
 * fixed now from the consent to referral (`referralSharing`); consent `no` refuses it (G5e).
 */
export function refer(c: Case, step: Step, input: ReferralInput): Change {
  refuseIfClosed(c);
  assertReferable(c.committee, input.to);
  const sharing = referralSharing(c.consent.referral);
  if (!sharing.allowed) throw new AmparoError('CONSENT_REQUIRED', 'referral.errors.consent_refused', { reference: c.reference });
  const referrals = c.referrals ?? [];
  const referral: Referral = {
    id: step.newId(),
    number: referrals.length + 1,
    to: input.to,
    support: input.support,
    scope: sharing.scope,
    consent: c.consent.referral.answer,
    by: step.actorId,
    byName: step.actorName,
    at: step.at,
  };
  return change(c, step, { referrals: [...referrals, referral] }, [
    ['case.referred', { referralId: referral.id, number: referral.number, to: referral.to, shared: [...sharing.fields], consent: referral.consent }],
  ]);
}

/** What the notes of a proposal are bound to besides case and field (the id is made before they are sealed). */
export const proposalOwner = (proposalId: string): string => `proposal:${proposalId}`;
/** Reopenings have no id and are only ever appended: each is known by its number, from 1. */
export const reopeningOwner = (number: number): string => `reopening:${number}`;

/**
 * Every sealed value of a case, with the field name it is bound to and, for the notes of a
 * proposal or a reopening, which one (`proposalOwner`, `reopeningOwner`), rebuilt through
 * `reseal`: the one list of where sensitive texts live (key rotation walks it).
 */
export function mapSealed(c: Case, reseal: (value: Sealed, field: string, owner?: string) => Sealed): Case {
  const opt = (value: Sealed | undefined, field: string, owner?: string) => (value === undefined ? undefined : reseal(value, field, owner));
  const keep = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  const a = c.assessment;
  return {
    ...c,
    sealed: keep({
      narrative: reseal(c.sealed.narrative, 'narrative'),
      victim: reseal(c.sealed.victim, 'victim'),
      place: opt(c.sealed.place, 'place'),
      sourceContact: opt(c.sealed.sourceContact, 'sourceContact'),
    }),
    ...(a
      ? {
          assessment: keep({
            ...a,
            sourcesNote: opt(a.sourcesNote, 'sourcesNote'),
            findings: opt(a.findings, 'findings'),
            ...(a.consultation ? { consultation: keep({ ...a.consultation, note: opt(a.consultation.note, 'consultationNote') }) } : {}),
          }),
        }
      : {}),
    proposals: c.proposals.map((p) => {
      const owner = proposalOwner(p.id);
      return keep({
        ...p,
        doNoHarm: reseal(p.doNoHarm, 'doNoHarm', owner),
        details: opt(p.details, 'proposalDetails', owner),
        publicSummary: opt(p.publicSummary, 'publicSummary', owner),
        completionNote: opt(p.completionNote, 'completionNote', owner),
        ...(p.decision ? { decision: keep({ ...p.decision, note: opt(p.decision.note, 'decisionNote', owner) }) } : {}),
        ...(p.extensions ? { extensions: p.extensions.map((e) => ({ ...e, reason: reseal(e.reason, 'extensionReason', owner) })) } : {}),
      });
    }),
    ...(c.closure ? { closure: keep({ ...c.closure, note: opt(c.closure.note, 'closureNote') }) } : {}),
    reopenings: c.reopenings.map((r, i) => ({ ...r, note: reseal(r.note, 'reopeningNote', reopeningOwner(i + 1)) })),
    ...(c.referrals ? { referrals: c.referrals.map((r) => ({ ...r, support: reseal(r.support, 'referralSupport') })) } : {}),
  };
}

/** The key id a sealed value names (`v2.<keyId>.…`, as `v1.<keyId>.…`). */
export function sealedKeyId(value: Sealed): string {
  return value.split('.')[1] ?? '';
}

/** Every key id the case's sealed values are under, sorted. */
export function sealedKeyIds(c: Case): string[] {
  const ids = new Set<string>();
  mapSealed(c, (value) => {
    if (!isDestroyed(value)) ids.add(sealedKeyId(value));
    return value;
  });
  return [...ids].sort();
}

/**
 * Key rotation: every sealed value that is `stale` (by default: under another key than `to`)
 * rebuilt under the current key, recorded in the register with the keys it was under.
 */
export function reseal(
  c: Case,
  step: Step,
  to: string,
  resealValue: (value: Sealed, field: string, owner?: string) => Sealed,
  stale: (value: Sealed) => boolean = (value) => sealedKeyId(value) !== to,
): Change {
  const from = new Set<string>();
  const next = mapSealed(c, (value, field, owner) => {
    if (isDestroyed(value) || !stale(value)) return value;
    from.add(sealedKeyId(value));
    return resealValue(value, field, owner);
  });
  return change(c, step, next, [['case.resealed', { from: [...from].sort().join(', '), to }]]);
}

/**
 * Retention: every sensitive text of a closed case destroyed, and the date of the incident
 * with them (the one detail of the allegation kept in clear that no report counts). What the
 * reports count (status, outcome, dates of each step, actions) stays; the register says so.
 */
export function destroyTexts(c: Case, step: Step, archiveId: string, data: EventData): Change {
  if (c.status !== 'closed') throw new AmparoError('INVALID_STATE', 'errors.case.not_closed', { reference: c.reference });
  const { incidentDate: _dropped, ...kept } = mapSealed(c, () => DESTROYED);
  return change(kept, step, { textsDestroyed: { at: step.at, by: step.actorId, archiveId } }, [['retention.destroyed', data]]);
}
