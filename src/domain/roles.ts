import { AmparoError } from '../errors';
import type { TreatyBody } from './committee';
import { roleRegister, type PendingEvent } from './register';

/**
 * Roles a person holds in a committee, each for a term (G8). `admin` is the deployment's
 * administrator and is not tied to a committee's case work.
 */
export const ROLES = ['member', 'rapporteur', 'chair', 'country_rapporteur', 'security_focal_point', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles that give a duty on cases, and with it their texts (G8, G10, G12, G14, G22):
 * nobody gives one of these to themselves (separation of duties, `can(…, 'manage_roles', …)`).
 */
export const CASE_ROLES = ['rapporteur', 'chair', 'country_rapporteur', 'security_focal_point'] as const satisfies readonly Role[];

export function isCaseRole(role: Role): boolean {
  return (CASE_ROLES as readonly Role[]).includes(role);
}

export interface RoleAssignment {
  id: string;
  committee: TreatyBody;
  role: Role;
  /** For a country rapporteur: the State party (ISO 3166 code) they are responsible for. */
  stateParty?: string;
  start: Date;
  /** Exclusive end of the term; absent while the term is open-ended. */
  end?: Date;
  assignedBy: string;
  /** Who ended the term early, if anyone did. */
  endedBy?: string;
}

export const PLATFORMS = ['console', 'slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Person {
  _id: string;
  displayName: string;
  locale: string;
  timeZone: string;
  /** Identity keys (`src/domain/identity.ts`), e.g. `console:amina` or `slack:T123:U456`. */
  identityKeys: string[];
  roles: RoleAssignment[];
  /** When a platform last told us this person's name, language and time zone. */
  profileCheckedAt?: Date;
  /** The person chose `locale` (`/amparo language`): what a platform reports no longer changes it. */
  languageChosen?: boolean;
  version: number;
}

/** The person acting now, with only the role terms that are running at this moment. */
export interface Actor {
  personId: string;
  displayName: string;
  roles: RoleAssignment[];
}

export function isActive(assignment: RoleAssignment, at: Date): boolean {
  return assignment.start.getTime() <= at.getTime() && (assignment.end === undefined || at.getTime() < assignment.end.getTime());
}

export function actorFor(person: Person, at: Date): Actor {
  return {
    personId: person._id,
    displayName: person.displayName,
    roles: person.roles.filter((assignment) => isActive(assignment, at)),
  };
}

export function holds(actor: Actor, committee: TreatyBody, role: Role): boolean {
  return actor.roles.some((r) => r.committee === committee && r.role === role);
}

export function committeesOf(actor: Actor): TreatyBody[] {
  return [...new Set(actor.roles.filter((r) => r.role !== 'admin').map((r) => r.committee))];
}

/**
 * G8: a role is held for a term. A new term may not overlap a running term of the same role
 * (and, for a country rapporteur, the same State party); a country rapporteur names the State.
 */
export function assignRole(person: Person, assignment: RoleAssignment): Person {
  if (assignment.end !== undefined && assignment.end.getTime() <= assignment.start.getTime()) {
    throw new AmparoError('INVALID_INPUT', 'errors.roles.end_before_start');
  }
  if (assignment.role === 'country_rapporteur' && !assignment.stateParty) {
    throw new AmparoError('INVALID_INPUT', 'errors.roles.state_party_needed');
  }
  const overlaps = person.roles.some(
    (r) =>
      r.committee === assignment.committee &&
      r.role === assignment.role &&
      (r.stateParty ?? '') === (assignment.stateParty ?? '') &&
      (r.end === undefined || r.end.getTime() > assignment.start.getTime()) &&
      (assignment.end === undefined || assignment.end.getTime() > r.start.getTime()),
  );
  if (overlaps) throw new AmparoError('INVALID_STATE', 'errors.roles.overlaps', { name: person.displayName, role: assignment.role, committee: assignment.committee });
  return { ...person, roles: [...person.roles, assignment], version: person.version + 1 };
}

/** Ends a running term at `at` (not before it began). */
export function endRole(person: Person, assignmentId: string, at: Date, endedBy: string): Person {
  const assignment = person.roles.find((r) => r.id === assignmentId);
  if (!assignment) throw new AmparoError('NOT_FOUND', 'errors.roles.not_found');
  if (assignment.end !== undefined && assignment.end.getTime() <= at.getTime()) throw new AmparoError('INVALID_STATE', 'errors.roles.already_ended');
  const end = at.getTime() < assignment.start.getTime() ? assignment.start : at;
  return {
    ...person,
    roles: person.roles.map((r) => (r.id === assignmentId ? { ...r, end, endedBy } : r)),
    version: person.version + 1,
  };
}

/** One entry for a committee's register of roles (G8, G11), with the chain it belongs to. */
export interface RoleEntry {
  subject: string;
  entry: PendingEvent;
}

/**
 * What the register must hold about a person's terms: each term granted, and each term ended
 * early, by whom. Ids come from the person and the term, so an entry is written once however
 * often it is asked for (after a crash, at every start): its content is the term as it stood
 * then. Codes, ids and dates only: no name.
 */
export function roleEntries(person: Person, at: Date): RoleEntry[] {
  const entries: RoleEntry[] = [];
  for (const term of person.roles) {
    const data = {
      assignmentId: term.id,
      personId: person._id,
      committee: term.committee,
      role: term.role,
      stateParty: term.stateParty ?? null,
      start: term.start.toISOString(),
      end: term.end?.toISOString() ?? null,
    };
    const subject = roleRegister(term.committee);
    const base = `role:${person._id}:${term.id}`;
    entries.push({ subject, entry: { id: `${base}:granted`, at, actorId: term.assignedBy, type: 'role.granted', data } });
    if (term.endedBy && term.end) {
      entries.push({ subject, entry: { id: `${base}:ended:${term.end.toISOString()}`, at, actorId: term.endedBy, type: 'role.ended', data } });
    }
  }
  return entries;
}
