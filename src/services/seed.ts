import type { SeedPerson } from '../config';
import type { Person } from '../domain/roles';
import type { Store } from '../store/store';
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
    await store.insertPerson(person);
    created += 1;
  }
  return created;
}
