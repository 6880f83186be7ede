import type { TreatyBody } from '../../src/domain/committee';
import { consoleIdentity } from '../../src/domain/identity';
import { type Person, type Role, type RoleAssignment } from '../../src/domain/roles';
import type { Store } from '../../src/store/store';

const YEAR = 365 * 24 * 60 * 60 * 1000;

/** A person with one role term, running from a year before `at` unless told otherwise. */
export function person(
  id: string,
  role: Role,
  options: { committee?: TreatyBody; stateParty?: string; at?: Date; ended?: boolean; future?: boolean } = {},
): Person {
  const at = options.at ?? new Date('2026-03-10T09:00:00Z');
  const start = options.future ? new Date(at.getTime() + YEAR) : new Date(at.getTime() - 2 * YEAR);
  const assignment: RoleAssignment = {
    id: `${id}-${role}`,
    committee: options.committee ?? 'CAT',
    role,
    ...(options.stateParty ? { stateParty: options.stateParty } : {}),
    start,
    ...(options.ended ? { end: new Date(at.getTime() - YEAR) } : {}),
    assignedBy: 'test',
  };
  return { _id: id, displayName: id, locale: 'en', timeZone: 'UTC', identityKeys: [consoleIdentity(id)], roles: [assignment], version: 1 };
}

/** Everyone in `people` now speaks `language`, as their platform reported it today. */
export async function speaking(store: Store, people: Person[], language: string): Promise<void> {
  for (const p of people) {
    const stored = await store.getPerson(p._id);
    if (!stored) throw new Error(`${p._id} is not stored`);
    await store.replacePerson({ ...stored, locale: language, profileCheckedAt: new Date(), version: stored.version + 1 }, stored.version);
  }
}
