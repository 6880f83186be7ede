import type { Clock } from '../clock';
import { AmparoError, isAmparoError } from '../errors';
import type { Case } from '../domain/case';
import { assignLead, takeLead } from '../domain/lead';
import { can, caseFacts } from '../domain/policy';
import { actorFor, holds, type Actor, type Person } from '../domain/roles';
import type { CaseService } from './cases';
import type { Audience, Notification, NotificationService } from './notifications';
import type { PeopleService } from './people';

interface LeadDeps {
  clock: Clock;
  cases: CaseService;
  people: PeopleService;
  notifications: NotificationService;
}

/** A case's lead as a person sees it: who, since when. */
interface LeadView {
  case: Case;
  lead: { personId: string; name: string; since: Date };
}

/**
 * A lead rapporteur per case (G8, G12). Taking the lead is one version-guarded change of the
 * case (`CaseService.mutate`): of two rapporteurs pressing at once, one wins and the other is
 * told who leads. Every change of lead is in the register; the alerts already shown are
 * brought up to date to say who leads.
 */
export class LeadService {
  constructor(private readonly deps: LeadDeps) {}

  /** Take the lead; refused, naming the lead, when someone else was first. */
  async take(actor: Actor, reference: string): Promise<LeadView> {
    const c = await this.deps.cases.mutate(actor, reference, 'take_lead', (current, step) => takeLead(current, step)).catch((error: unknown) => this.named(error));
    return this.changed(c);
  }

  /**
   * The chair gives the lead, or the lead hands it over, to a current rapporteur of the
   * committee (`assign_lead`); the new lead is told privately.
   */
  async assign(actor: Actor, reference: string, toPersonId: string): Promise<LeadView> {
    const to = await this.deps.people.byId(toPersonId);
    let former: string | undefined;
    const c = await this.deps.cases.mutate(actor, reference, 'assign_lead', (current, step) => {
      former = current.lead?.personId;
      const facts = { committee: current.committee, case: caseFacts(current) };
      if (!to || !can(actor, 'assign_lead', { ...facts, lead: { to: actorFor(to, step.at) } })) {
        // Allowed to give the lead, not to this person: they are not a rapporteur of the committee now, or reported the case.
        if (can(actor, 'assign_lead', facts)) throw new AmparoError('INVALID_INPUT', 'lead.errors.not_rapporteur', { reference: current.reference });
        throw new AmparoError('NOT_ALLOWED', 'errors.not_allowed.assign_lead', { reference: current.reference });
      }
      return assignLead(current, step, toPersonId);
    });
    const view = await this.changed(c);
    if (to && to._id !== actor.personId) {
      const notice = { kind: 'lead.assigned' as const, caseId: c._id, reference: c.reference, committee: c.committee, riskLevel: c.riskLevel, urgent: c.urgent, lead: { givenBy: actor.displayName } };
      await this.deps.notifications.send([{ person: to, audience: 'rapporteur' }], notice, this.deps.clock.now(), actor.personId, `lead:v${c.version}`);
    }
    // The rapporteur whose lead was given away by someone else (the chair) is told too.
    const released = former !== undefined && former !== actor.personId && former !== toPersonId ? await this.deps.people.byId(former) : null;
    if (released) {
      const notice = { kind: 'lead.released' as const, caseId: c._id, reference: c.reference, committee: c.committee, riskLevel: c.riskLevel, urgent: c.urgent, lead: { givenBy: actor.displayName, to: view.lead.name } };
      await this.deps.notifications.send([{ person: released, audience: 'rapporteur' }], notice, this.deps.clock.now(), actor.personId, `lead:v${c.version}`);
    }
    return view;
  }

  /** The rapporteurs of the case's committee now: those the lead may go to. */
  async candidates(c: Case): Promise<Person[]> {
    return (await this.deps.people.holding(c.committee, 'rapporteur')).filter((p) => p._id !== c.reporterId);
  }

  /** The refusal of a second press names the lead by name, not by id. */
  private async named(error: unknown): Promise<never> {
    if (isAmparoError(error, 'ALREADY_DECIDED') && typeof error.vars.name === 'string') {
      const names = await this.deps.people.names([error.vars.name]);
      throw new AmparoError(error.code, error.messageKey, { ...error.vars, name: names.get(error.vars.name) ?? error.vars.name });
    }
    throw error;
  }

  /** Every alert of the case already shown now says who leads (each in the role it was sent to). */
  private async changed(c: Case): Promise<LeadView> {
    const lead = c.lead as NonNullable<Case['lead']>;
    const name = (await this.deps.people.names([lead.personId])).get(lead.personId) ?? lead.personId;
    // G22: an urgent alert keeps saying how to reach UN security.
    const securityContact = c.urgent ? (await this.deps.cases.committee(c.committee)).securityContact : undefined;
    const base = { kind: 'allegation.alert' as const, caseId: c._id, reference: c.reference, committee: c.committee, riskLevel: c.riskLevel, urgent: c.urgent, ...(securityContact ? { securityContact } : {}) };
    const settled = { how: 'led' as const, by: name, at: lead.since };
    await this.deps.notifications.settle(c._id, 'allegation.alert', () => true, (person): Notification => ({ ...base, audience: this.alertAudience(person, c), settled }));
    return { case: c, lead: { ...lead, name } };
  }

  /** The role an alert was sent in: the first of rapporteur, chair, security focal point the person holds. */
  private alertAudience(person: Person, c: Case): Audience {
    const actor = actorFor(person, this.deps.clock.now());
    if (holds(actor, c.committee, 'rapporteur')) return 'rapporteur';
    return holds(actor, c.committee, 'chair') ? 'chair' : 'security_focal_point';
  }
}
