import { AmparoError } from '../errors';
import type { TreatyBody } from '../domain/committee';
import { actorFor, isActive, type Actor, type Person, type Role } from '../domain/roles';
import type { Store } from '../store/store';
import type { Clock } from '../clock';

/** Who is who: people, their identities on each platform, and their role terms (G8). */
export class PeopleService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async byIdentity(identityKey: string): Promise<Person | null> {
    return this.store.findPersonByIdentity(identityKey);
  }

  async get(personId: string): Promise<Person> {
    const person = await this.store.getPerson(personId);
    if (!person) throw new AmparoError('NOT_FOUND', 'errors.person.not_found');
    return person;
  }

  actor(person: Person): Actor {
    return actorFor(person, this.clock.now());
  }

  /** People whose term in `role` is running now. */
  async holding(committee: TreatyBody, role: Role, stateParty?: string): Promise<Person[]> {
    const now = this.clock.now();
    const people = await this.store.listPeopleOfCommittee(committee);
    return people.filter((p) =>
      p.roles.some(
        (r) => r.committee === committee && r.role === role && isActive(r, now) && (stateParty === undefined || r.stateParty === stateParty),
      ),
    );
  }

  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      const person = await this.store.getPerson(id);
      names.set(id, person?.displayName ?? id);
    }
    return names;
  }
}
