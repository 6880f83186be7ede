import type { Clock } from '../clock';
import { AmparoError } from '../errors';
import type { Case, CaseStatus, Proposal, Sealed } from '../domain/case';
import { isAlleged, proposalOwner, reopeningOwner } from '../domain/case';
import { can, caseFacts } from '../domain/policy';
import { committeesOf, holds, type Actor } from '../domain/roles';
import type { RegisterEvent } from '../domain/register';
import type { Store } from '../store/store';
import type { CaseService } from './cases';
import { caseBinding, type KeyRing } from './crypto';
import type { PeopleService } from './people';
import type { RegisterService } from './register';

/** The texts of a case, opened for one viewer. Absent when empty or not theirs to see. */
export interface OpenedTexts {
  narrative: string;
  victim: string;
  place?: string;
  /** Absent for a confidential source unless the viewer is a rapporteur (G11, G18). */
  sourceContact?: string;
  sourcesNote?: string;
  consultationNote?: string;
  findings?: string;
  closureNote?: string;
  proposals: Record<string, { details?: string; publicSummary?: string; doNoHarm: string; decisionNote?: string }>;
  reopenings: string[];
}

export interface CaseDetails {
  case: Case;
  alleged: boolean;
  sourceHidden: boolean;
  texts: OpenedTexts;
  history: RegisterEvent[];
  names: Map<string, string>;
}

/** What a person sees of a case they asked for: everything, opened for them, or its status only. */
export type Shown = { opened: CaseDetails } | { status: CaseStatusView; /** G10: the reporter may still add information to it. */ mayAddInformation: boolean };

export interface CaseStatusView {
  reference: string;
  status: CaseStatus;
  alleged: boolean;
}

type NextStep = 'assess' | 'complete_assessment' | 'propose' | 'decide' | 'await_decision' | 'follow_up' | 'none';

export interface QueueItem {
  reference: string;
  status: CaseStatus;
  /** Only the status is shown to someone who merely reported the case. */
  statusOnly: boolean;
  alleged: boolean;
  urgent: boolean;
  riskLevel: Case['riskLevel'];
  next: NextStep;
  pendingProposals: number;
  nextDeadline?: Date;
  /** G12: for a rapporteur, whether the case's lead is they (`mine`) or another (`other`); absent without a lead. */
  lead?: 'mine' | 'other';
}

/** The use cases that read a case. Opening one is a disclosure and goes in the register. */
export class CaseReader {
  constructor(
    private readonly deps: { store: Store; keys: KeyRing; clock: Clock; cases: CaseService; register: RegisterService; people: PeopleService },
  ) {}

  /**
   * `/amparo case <ref>`, in one load of the case: who may open it gets it opened (the opening
   * recorded first); who reported it, its status only; anyone else, the answer for a reference
   * that does not exist (`CaseService.load`).
   */
  async show(actor: Actor, reference: string): Promise<Shown> {
    const c = await this.deps.cases.load(actor, reference, 'view_status');
    const target = { committee: c.committee, case: caseFacts(c) };
    if (!can(actor, 'open', target)) return { status: statusOf(c), mayAddInformation: can(actor, 'add_information', target) && !c.textsDestroyed };
    return { opened: await this.opened(actor, c) };
  }

  /** Records the disclosure first: if it cannot be recorded, nothing is shown. */
  async open(actor: Actor, reference: string): Promise<CaseDetails> {
    return this.opened(actor, await this.deps.cases.load(actor, reference, 'open'));
  }

  /** A case loaded, and the actor allowed to open it: the opening is recorded, then read. */
  private async opened(actor: Actor, c: Case): Promise<CaseDetails> {
    if (c.textsDestroyed) throw new AmparoError('INVALID_STATE', 'retention.case_destroyed', { reference: c.reference });
    await this.deps.register.record(c._id, this.deps.clock.now(), actor.personId, 'case.opened', {});
    const history = await this.deps.register.history(c);
    const sourceHidden = c.sealed.sourceContact !== undefined && !can(actor, 'view_source', { committee: c.committee, case: caseFacts(c) });
    const names = await this.deps.people.names([
      c.reporterId,
      ...history.map((e) => e.actorId),
      ...c.proposals.flatMap((p) => [p.proposedBy, p.decision?.by ?? p.proposedBy]),
      ...(c.assessment?.consultation?.countryRapporteurId ? [c.assessment.consultation.countryRapporteurId] : []),
      ...(c.lead ? [c.lead.personId] : []),
    ]);
    return { case: c, alleged: isAlleged(c), sourceHidden, texts: this.texts(c, sourceHidden), history, names };
  }

  /** What the reporter may see of their own report: the status, nothing more. */
  async status(actor: Actor, reference: string): Promise<CaseStatusView> {
    return statusOf(await this.deps.cases.load(actor, reference, 'view_status'));
  }

  /**
   * G25: the public summary of a proposal, opened for the chair who is deciding on it (the
   * decision form shows it before it can be approved as public). Recorded first, as an opening.
   */
  async publicSummary(actor: Actor, c: Case, proposal: Proposal): Promise<string | undefined> {
    if (proposal.publicSummary === undefined) return undefined;
    if (!can(actor, 'decide', { committee: c.committee, case: caseFacts(c), proposal })) {
      if (proposal.proposedBy === actor.personId) throw new AmparoError('NOT_ALLOWED', 'errors.proposal.own_proposal', { number: proposal.number });
      throw new AmparoError('NOT_ALLOWED', 'errors.not_allowed.decide', { reference: c.reference });
    }
    await this.deps.register.record(c._id, this.deps.clock.now(), actor.personId, 'case.opened', { number: proposal.number });
    return this.deps.keys.open(proposal.publicSummary, caseBinding(c._id, 'publicSummary', proposalOwner(proposal.id)));
  }

  /** The actor's own queue: cases to work on, proposals to decide, own reports' status. */
  async queue(actor: Actor): Promise<QueueItem[]> {
    const { store } = this.deps;
    const worked = committeesOf(actor).filter((committee) => holds(actor, committee, 'rapporteur') || holds(actor, committee, 'chair'));
    const open = worked.length > 0 ? await store.listCases({ committees: worked, statuses: ['received', 'under_assessment', 'assessed'] }) : [];
    const consulted = await store.listCases({ consultedCountryRapporteurId: actor.personId, statuses: ['received', 'under_assessment', 'assessed'] });
    const reported = await store.listCases({ reporterId: actor.personId });
    const items = new Map<string, QueueItem>();
    for (const c of [...open, ...consulted]) {
      if (can(actor, 'open', { committee: c.committee, case: caseFacts(c) })) items.set(c.reference, this.item(actor, c));
    }
    for (const c of reported) {
      if (!items.has(c.reference)) items.set(c.reference, { ...this.item(actor, c), statusOnly: true, next: 'none' });
    }
    return [...items.values()];
  }

  private item(actor: Actor, c: Case): QueueItem {
    const pending = c.proposals.filter((p) => p.status === 'proposed');
    const deadlines = c.proposals.filter((p) => p.status === 'approved' && p.dueAt).map((p) => (p.dueAt as Date).getTime());
    return {
      reference: c.reference,
      status: c.status,
      statusOnly: false,
      alleged: isAlleged(c),
      urgent: c.urgent,
      riskLevel: c.riskLevel,
      next: nextStep(actor, c, pending),
      pendingProposals: pending.length,
      ...(c.lead && holds(actor, c.committee, 'rapporteur') ? { lead: c.lead.personId === actor.personId ? ('mine' as const) : ('other' as const) } : {}),
      ...(deadlines.length > 0 ? { nextDeadline: new Date(Math.min(...deadlines)) } : {}),
    };
  }

  private texts(c: Case, sourceHidden: boolean): OpenedTexts {
    const open = (field: string, sealed: Sealed | undefined, owner?: string) => (sealed === undefined ? undefined : this.deps.keys.open(sealed, caseBinding(c._id, field, owner)));
    const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
    const proposals: OpenedTexts['proposals'] = {};
    for (const p of c.proposals) {
      const owner = proposalOwner(p.id);
      proposals[p.id] = {
        doNoHarm: open('doNoHarm', p.doNoHarm, owner) as string,
        ...optional('details', open('proposalDetails', p.details, owner)),
        ...optional('publicSummary', open('publicSummary', p.publicSummary, owner)),
        ...optional('decisionNote', open('decisionNote', p.decision?.note, owner)),
      };
    }
    return {
      narrative: open('narrative', c.sealed.narrative) as string,
      victim: open('victim', c.sealed.victim) as string,
      ...optional('place', open('place', c.sealed.place)),
      ...optional('sourceContact', sourceHidden ? undefined : open('sourceContact', c.sealed.sourceContact)),
      ...optional('sourcesNote', open('sourcesNote', c.assessment?.sourcesNote)),
      ...optional('consultationNote', open('consultationNote', c.assessment?.consultation?.note)),
      ...optional('findings', open('findings', c.assessment?.findings)),
      ...optional('closureNote', open('closureNote', c.closure?.note)),
      proposals,
      reopenings: c.reopenings.map((r, i) => open('reopeningNote', r.note, reopeningOwner(i + 1)) as string),
    };
  }
}

function statusOf(c: Case): CaseStatusView {
  return { reference: c.reference, status: c.status, alleged: isAlleged(c) };
}

function nextStep(actor: Actor, c: Case, pending: Proposal[]): NextStep {
  const isChair = holds(actor, c.committee, 'chair');
  const isRapporteur = holds(actor, c.committee, 'rapporteur');
  // G14: a chair's own proposals wait for another chair's decision.
  if (pending.length > 0) return isChair && pending.some((p) => p.proposedBy !== actor.personId) ? 'decide' : 'await_decision';
  if (!isRapporteur) return c.proposals.some((p) => p.status === 'approved') ? 'follow_up' : 'none';
  if (c.status === 'received') return 'assess';
  if (c.status === 'under_assessment') return 'complete_assessment';
  if (c.proposals.some((p) => p.status === 'approved')) return 'follow_up';
  return 'propose';
}
