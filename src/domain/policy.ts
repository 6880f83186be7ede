import type { TreatyBody } from './committee';
import { holds, isCaseRole, type Actor, type Role } from './roles';

/** G16, G17: the good-practice log, which is about no case. */
export const PRACTICE_OPERATIONS = ['record_practice', 'read_practices'] as const;

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
}): CaseFacts {
  const consulted = c.assessment?.consultation?.countryRapporteurId;
  return {
    committee: c.committee,
    reporterId: c.reporterId,
    confidential: c.confidential,
    stateParty: c.stateParty,
    closed: c.status === 'closed',
    ...(consulted ? { consultedCountryRapporteurId: consulted } : {}),
  };
}
