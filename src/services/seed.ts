import type { SeedPerson } from '../config';
import type { Person } from '../domain/roles';
import { StoreConflict, type Store } from '../store/store';
import { PeopleService } from './people';

/**
 * People named in the committees file, created at start when none of their identities is
 * known yet: how a new deployment gets its first chair or administrator. Later changes go
 * through role administration, so an edited file never overwrites what was decided since.
 */
export async function seedPeople(store: Store, people: SeedPerson[], defaults: { locale: string; timeZone: string }): Promise<number> {
  let created = 0;
  for (const [index, seed] of people.entries()) {
    const known = await Promise.all(seed.identities.map((key) => store.findPersonByIdentity(key)));
    if (known.some((p) => p !== null)) continue;
    const first = seed.identities[0] as string;
    const person: Person = {
      _id: PeopleService.idFor(first),
      displayName: seed.name,
      locale: seed.locale ?? defaults.locale,
      timeZone: seed.timeZone ?? defaults.timeZone,
      identityKeys: seed.identities,
      roles: seed.roles.map((r, n) => ({
        id: `seed-${index}-${n}`,
        committee: r.committee,
        role: r.role,
        ...(r.stateParty ? { stateParty: r.stateParty } : {}),
        start: new Date(`${r.start}T00:00:00Z`),
        ...(r.end ? { end: new Date(`${r.end}T00:00:00Z`) } : {}),
        assignedBy: 'configuration',
      })),
      version: 1,
    };
    // Another process starting at the same moment may have made them first: that is the same person.
    if (await insertedFirst(store, person)) created += 1;
  }
  return created;
}

/** Inserts a person seeded at start; false when another process starting alongside did first. */
export async function insertedFirst(store: Store, person: Person): Promise<boolean> {
  try {
    await store.insertPerson(person);
    return true;
  } catch (error) {
    if (error instanceof StoreConflict) return false;
    throw error;
  }
}
