import type { TreatyBody } from './committee';

/**
 * Roles a person holds in a committee, each for a term (G8). `admin` is the deployment's
 * administrator and is not tied to a committee's case work.
 */
export const ROLES = ['member', 'rapporteur', 'chair', 'country_rapporteur', 'security_focal_point', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
}

export const PLATFORMS = ['console', 'slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Person {
  _id: string;
  displayName: string;
  locale: string;
  timeZone: string;
  /** `platform:key`, e.g. `console:amina` or `slack:T123:U456`. */
  identityKeys: string[];
  roles: RoleAssignment[];
  /** When a platform last told us this person's name, language and time zone. */
  profileCheckedAt?: Date;
  version: number;
}

export function identityKey(platform: Platform, key: string): string {
  return `${platform}:${key}`;
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
