import type { TreatyBody } from './committee';
import { holds, isCaseRole, type Actor, type Role } from './roles';

/** G16, G17: the good-practice log, which is about no case. */
export const PRACTICE_OPERATIONS = ['record_practice', 'read_practices'] as const;

/** G11: finding a case among a committee's cases, which lists them but opens none. */
export const SEARCH_OPERATIONS = ['search_cases'] as const;

/** G13: the contacts kept with the person or group at risk, or their representative. */
export const CONTACT_OPERATIONS = ['record_contact', 'view_contacts'] as const;

/** G12: which rapporteur takes a case, when the committee has more than one. */
export const LEAD_OPERATIONS = ['take_lead', 'assign_lead'] as const;

/** G10, G12: information added to a case after its report (a new incident, a reply, a document). */
export const INFORMATION_OPERATIONS = ['add_information', 'view_information'] as const;

/** G16: the referrals made to a committee, listed for its rapporteurs and chair; none is opened by listing. */
export const REFERRAL_INBOX_OPERATIONS = ['list_referrals'] as const;

/**
 * The one permission policy (docs/ARCHITECTURE.md, "Confidentiality rules"): who may do what, decided
 * here from role × operation × case and nowhere else.
 */
export const OPERATIONS = [
  'report',
  'view_status',
  'open',
  'view_source',
  'assess',
  'propose',
  'manage_consent',
  'decide',
  'close',
  'reopen',
  'manage_roles',
  'view_reports',
  // G16: referral to another committee.
  'refer',
  'view_referral',
  ...PRACTICE_OPERATIONS,
  ...SEARCH_OPERATIONS,
  ...CONTACT_OPERATIONS,
  ...INFORMATION_OPERATIONS,
  ...REFERRAL_INBOX_OPERATIONS,
  ...LEAD_OPERATIONS,
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The facts about a case that permissions depend on; nothing sensitive. */
export interface CaseFacts {
  committee: TreatyBody;
  reporterId: string;
  confidential: boolean;
  /** ISO 3166 code of the State party concerned. */
  stateParty: string;
  closed: boolean;
  consultedCountryRapporteurId?: string;
  /** The rapporteur who leads on the case, if one does. */
  leadId?: string;
}

/**
 * `referral` names the committee a case was referred to, for `view_referral` (G16); `grant`
 * the person and role a `manage_roles` would give (G8); `proposal` who made the proposal a
 * `decide` is about (G14).
 */
export type Target = {
  committee: TreatyBody;
  case?: CaseFacts;
  referral?: { to: TreatyBody };
  grant?: { personId: string; role: Role };
  proposal?: { proposedBy: string };
  /** For `assign_lead`: the person the lead would go to, with their running role terms. */
  lead?: { to: Actor };
};

const CASE_WORKERS = ['rapporteur', 'chair'] as const;

function isCaseWorker(actor: Actor, committee: TreatyBody): boolean {
  return CASE_WORKERS.some((role) => holds(actor, committee, role));
}

/**
 * G12: the country rapporteur is consulted in confidence on this case, and only then sees it:
 * while their term for this case's State party runs (`actor.roles` holds running terms only),
 * and while the case is open. A consultation is advice on an open allegation; once the case is
 * closed, or the term for that State has ended, it grants nothing, even if the person is
 * country rapporteur for another State by then.
 */
function isConsultedCountryRapporteur(actor: Actor, facts: CaseFacts): boolean {
  if (facts.closed || facts.consultedCountryRapporteurId !== actor.personId) return false;
  return actor.roles.some((r) => r.committee === facts.committee && r.role === 'country_rapporteur' && r.stateParty === facts.stateParty);
}

export function can(actor: Actor, operation: Operation, target: Target): boolean {
  const { committee } = target;
  const facts = target.case;
  switch (operation) {
    case 'report':
      return actor.roles.some((r) => r.committee === committee && r.role !== 'admin');
    case 'manage_roles':
      // Separation of duties: nobody gives themselves a duty on cases, and with it their texts.
      if (target.grant && target.grant.personId === actor.personId && isCaseRole(target.grant.role)) return false;
      return holds(actor, committee, 'chair') || holds(actor, committee, 'admin');
    case 'view_reports':
      // G15, G25, G32: the rapporteurs report and the chair presents; counts only, no case.
      return isCaseWorker(actor, committee);
    case 'view_status':
      return facts !== undefined && (facts.reporterId === actor.personId || can(actor, 'open', target));
    case 'open':
      return facts !== undefined && (isCaseWorker(actor, committee) || isConsultedCountryRapporteur(actor, facts));
    case 'view_source':
      // G11, G18: a confidential source is known to the rapporteurs alone.
      if (facts === undefined) return false;
      return facts.confidential ? holds(actor, committee, 'rapporteur') : can(actor, 'open', target);
    case 'assess':
    case 'propose':
    case 'manage_consent':
      return facts !== undefined && holds(actor, committee, 'rapporteur');
    case 'decide':
      // G14: the chair decides what a rapporteur proposes; never what they proposed themselves.
      return facts !== undefined && holds(actor, committee, 'chair') && target.proposal?.proposedBy !== actor.personId;
    case 'close':
    case 'reopen':
      return facts !== undefined && isCaseWorker(actor, committee);
    case 'refer':
      return facts !== undefined && holds(actor, committee, 'rapporteur'); // G16
    case 'view_referral':
      // G16: the other committee's rapporteurs see what the referral shares, never the case
      // itself (`open` stays with the case's own committee); whoever may open the case may too.
      if (facts === undefined || target.referral === undefined) return false;
      return (target.referral.to !== committee && holds(actor, target.referral.to, 'rapporteur')) || can(actor, 'open', target);
    case 'record_practice':
      return holds(actor, committee, 'rapporteur'); // G17
    case 'search_cases':
      // Those who may open every case of the committee may look for one among them; a
      // consulted country rapporteur sees the one case they advise on, never the list.
      return isCaseWorker(actor, committee);
    case 'record_contact':
      // G13: the rapporteurs keep contact with the person, as they assess (`assess`).
      return facts !== undefined && holds(actor, committee, 'rapporteur');
    case 'view_contacts':
      // Those who work on the case and decide on it; a consulted country rapporteur advises
      // on the allegation and is not told what the person said (G5e, G12).
      return facts !== undefined && isCaseWorker(actor, committee);
    case 'add_information':
      // G10: the member who reported the case, while still a member of the committee, and those
      // who work on it; a consulted country rapporteur advises and adds nothing.
      if (facts === undefined) return false;
      return (facts.reporterId === actor.personId && can(actor, 'report', target)) || isCaseWorker(actor, committee);
    case 'view_information':
      // What was added may name the source as the report did: read as a source is (`view_source`).
      return can(actor, 'view_source', target);
    case 'list_referrals':
      // G16: the committee asked for support, through those who act on a referral and the chair
      // they inform (G10); what each referral shares is still decided by `view_referral`.
      return isCaseWorker(actor, committee);
    case 'take_lead':
      // A rapporteur takes a case they did not report themselves, as they would assess it.
      return facts !== undefined && holds(actor, committee, 'rapporteur') && facts.reporterId !== actor.personId;
    case 'assign_lead': {
      // The chair gives the lead, or the lead hands it over; only ever to a current rapporteur
      // of the committee who did not report the case.
      if (facts === undefined) return false;
      const giver = holds(actor, committee, 'chair') || (facts.leadId === actor.personId && holds(actor, committee, 'rapporteur'));
      const to = target.lead?.to;
      return giver && (to === undefined || (holds(to, committee, 'rapporteur') && to.personId !== facts.reporterId));
    }
    case 'read_practices':
      // G16: the rapporteurs of all committees are one network, so a rapporteur of any
      // committee reads every committee's practices; a chair reads their own committee's.
      return holds(actor, committee, 'chair') || actor.roles.some((r) => r.role === 'rapporteur');
  }
}

export function caseFacts(c: {
  committee: TreatyBody;
  reporterId: string;
  confidential: boolean;
  stateParty: string;
  status: string;
  assessment?: { consultation?: { countryRapporteurId?: string } };
  lead?: { personId: string };
}): CaseFacts {
  const consulted = c.assessment?.consultation?.countryRapporteurId;
  return {
    committee: c.committee,
    reporterId: c.reporterId,
    confidential: c.confidential,
    stateParty: c.stateParty,
    closed: c.status === 'closed',
    ...(consulted ? { consultedCountryRapporteurId: consulted } : {}),
    ...(c.lead ? { leadId: c.lead.personId } : {}),
  };
}
