import { createHash } from 'node:crypto';
import { AmparoError } from '../errors';
import { TREATY_BODIES, type TreatyBody } from '../domain/committee';
import { can } from '../domain/policy';
import { actorFor, assignRole, endRole, isActive, roleEntries, type Actor, type Person, type Role, type RoleAssignment } from '../domain/roles';
import { StoreConflict, type Store } from '../store/store';
import type { Clock, IdSource } from '../clock';
import type { UN_LANGUAGES } from '../i18n';
import type { RegisterService } from './register';

/** What a platform tells about a person: their name, language and time zone. */
export interface Profile {
  displayName: string;
  locale?: string;
  timeZone?: string;
}

const MAX_ATTEMPTS = 5;

/** A platform's time zone is kept only if this runtime can show times in it. */
function knownZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}
const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Who is who: people, their identities on each platform, and their role terms (G8). */
export class PeopleService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly register: RegisterService,
    private readonly defaults: { locale: string; timeZone: string } = { locale: 'en', timeZone: 'UTC' },
  ) {}

  private readonly roleObservers: Array<(committee: TreatyBody) => Promise<void>> = [];
  /** Profile refreshes under way, by person. */
  private readonly refreshing = new Map<string, Promise<Person>>();

  /** Told when someone's role terms in a committee change (the scheduler plans term reminders). */
  observeRoles(observer: (committee: TreatyBody) => Promise<void>): void {
    this.roleObservers.push(observer);
  }

  private async rolesChanged(committee: TreatyBody): Promise<void> {
    for (const observer of this.roleObservers) await observer(committee).catch(() => undefined);
  }

  /** The id a person gets from their first identity, so every way of meeting them agrees. */
  static idFor(identityKey: string): string {
    return `p-${createHash('sha256').update(identityKey).digest('hex').slice(0, 24)}`;
  }

  private refuseUnlessManager(actor: Actor, committee: TreatyBody): void {
    if (!can(actor, 'manage_roles', { committee })) throw new AmparoError('NOT_ALLOWED', 'errors.not_allowed.manage_roles');
  }

  /** Applies a change to a person with a version guard, re-reading on a conflict. */
  private async change(personId: string, apply: (person: Person) => Person): Promise<Person> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.get(personId);
      const next = apply(current);
      if (await this.store.replacePerson(next, current.version)) return next;
    }
    throw new AmparoError('CONFLICT', 'errors.conflict');
  }

  /**
   * G8: the chair or an administrator gives someone a role for a term; never themselves a role
   * on cases (separation of duties). The command line acts as `cli:<login>`, nobody's person.
   */
  async assignRole(
    actor: Actor,
    input: { identityKey: string; committee: TreatyBody; role: Role; stateParty?: string; start: Date; end?: Date },
    profile: () => Promise<Profile>,
  ): Promise<Person> {
    this.refuseUnlessManager(actor, input.committee);
    const known = await this.store.findPersonByIdentity(input.identityKey);
    if (known && !can(actor, 'manage_roles', { committee: input.committee, grant: { personId: known._id, role: input.role } })) {
      throw new AmparoError('NOT_ALLOWED', 'errors.roles.self_assignment');
    }
    const person = known ?? (await this.ensure(input.identityKey, profile));
    const assignment: RoleAssignment = {
      id: this.ids.next(),
      committee: input.committee,
      role: input.role,
      ...(input.stateParty ? { stateParty: input.stateParty } : {}),
      start: input.start,
      ...(input.end ? { end: input.end } : {}),
      assignedBy: actor.personId,
    };
    const updated = await this.change(person._id, (current) => assignRole(current, assignment));
    await this.registerTerms(updated, assignment.id);
    await this.rolesChanged(input.committee);
    return updated;
  }

  /** G8: a term ends early, e.g. when a rapporteur steps down. */
  async endRole(actor: Actor, personId: string, assignmentId: string, at: Date): Promise<Person> {
    const person = await this.get(personId);
    const assignment = person.roles.find((r) => r.id === assignmentId);
    if (!assignment) throw new AmparoError('NOT_FOUND', 'errors.roles.not_found');
    this.refuseUnlessManager(actor, assignment.committee);
    const updated = await this.change(personId, (current) => endRole(current, assignmentId, at, actor.personId));
    await this.registerTerms(updated, assignmentId);
    await this.rolesChanged(assignment.committee);
    return updated;
  }

  /**
   * G8, G11: the register of roles holds each term given and each term ended early, in the
   * committee's own chain. Written after the person (one document each, no transaction): if
   * the process dies between the two, `recover` writes what is missing at the next start.
   */
  private async registerTerms(person: Person, assignmentId?: string): Promise<number> {
    let written = 0;
    for (const { subject, entry } of roleEntries(person, this.clock.now())) {
      if (assignmentId !== undefined && entry.data.assignmentId !== assignmentId) continue;
      if (await this.register.recordOnce(subject, entry)) written += 1;
    }
    return written;
  }

  /**
   * At every start: registers the terms not yet in the register of roles, those given before
   * it existed or by the committees file (`assignedBy: configuration`), and any whose entry a
   * crash prevented. Idempotent; several processes may run it at once.
   */
  async recover(): Promise<number> {
    const seen = new Set<string>();
    let written = 0;
    for (const committee of TREATY_BODIES) {
      for (const person of await this.store.listPeopleOfCommittee(committee)) {
        if (seen.has(person._id)) continue;
        seen.add(person._id);
        written += await this.registerTerms(person);
      }
    }
    return written;
  }

  /**
   * Everyone with a role term in a served committee, each once: the console's `/who`, a list
   * for trying Amparo, asks no policy (it shows names and handles, no case).
   */
  async withRoles(): Promise<Person[]> {
    const found = new Map<string, Person>();
    for (const committee of await this.store.listCommittees()) {
      for (const person of await this.store.listPeopleOfCommittee(committee._id)) if (!found.has(person._id)) found.set(person._id, person);
    }
    return [...found.values()];
  }

  /** Everyone with a role term in a committee the actor manages. */
  async roster(actor: Actor, committee: TreatyBody): Promise<Person[]> {
    this.refuseUnlessManager(actor, committee);
    return this.store.listPeopleOfCommittee(committee);
  }

  /**
   * The person behind a platform identity, made on first contact with no role at all: a role
   * is given only by the chair or an administrator. The id comes from the identity, so two
   * first contacts at the same moment make one person.
   */
  async ensure(identityKey: string, profile: () => Promise<Profile>): Promise<Person> {
    const known = await this.store.findPersonByIdentity(identityKey);
    if (known) return known;
    const { displayName, locale, timeZone } = await profile();
    const person: Person = {
      _id: PeopleService.idFor(identityKey),
      displayName,
      locale: locale ?? this.defaults.locale,
      timeZone: knownZone(timeZone) ?? this.defaults.timeZone,
      identityKeys: [identityKey],
      roles: [],
      profileCheckedAt: this.clock.now(),
      version: 1,
    };
    try {
      await this.store.insertPerson(person);
      return person;
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      const other = await this.store.findPersonByIdentity(identityKey);
      if (!other) throw error;
      return other;
    }
  }

  /** True when the platform has not been asked about this person for a day. */
  profileStale(person: Person): boolean {
    return person.profileCheckedAt === undefined || this.clock.now().getTime() - person.profileCheckedAt.getTime() > PROFILE_MAX_AGE_MS;
  }

  /**
   * Asks the platform about a person whose profile is stale, in the background: this request
   * goes on with what is stored, the next one has the answer. Concurrent requests of one
   * person ask once.
   */
  refreshLater(person: Person, profile: () => Promise<Profile>): void {
    void this.refreshOnce(person, profile).catch(() => undefined);
  }

  /** Asks the platform now; concurrent requests of one person share one question and one write. */
  async refreshOnce(person: Person, profile: () => Promise<Profile>): Promise<Person> {
    const running = this.refreshing.get(person._id);
    if (running) return running;
    const refresh = profile()
      .then((answer) => this.refreshProfile(person, answer))
      .finally(() => this.refreshing.delete(person._id));
    this.refreshing.set(person._id, refresh);
    return refresh;
  }

  /** Keeps name, language and time zone as the platform reports them. */
  async refreshProfile(person: Person, profile: Profile): Promise<Person> {
    let current = person;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const next: Person = {
        ...current,
        displayName: profile.displayName || current.displayName,
        locale: current.languageChosen ? current.locale : (profile.locale ?? current.locale),
        timeZone: knownZone(profile.timeZone) ?? current.timeZone,
        profileCheckedAt: this.clock.now(),
        version: current.version + 1,
      };
      if (await this.store.replacePerson(next, current.version)) return next;
      current = (await this.store.getPerson(person._id)) ?? current;
    }
    return current;
  }

  /**
   * The language a person chose, kept whatever their platform says; `auto` gives the
   * choice back to the platform (from its next report). One of the six UN languages.
   */
  async chooseLanguage(person: Person, language: (typeof UN_LANGUAGES)[number] | 'auto'): Promise<Person> {
    let current = person;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { languageChosen: _chosen, profileCheckedAt: checked, ...rest } = current;
      const next: Person =
        language === 'auto'
          ? { ...rest, version: current.version + 1 } // asked again of the platform at the next contact
          : { ...rest, locale: language, languageChosen: true, ...(checked ? { profileCheckedAt: checked } : {}), version: current.version + 1 };
      if (await this.store.replacePerson(next, current.version)) return next;
      current = (await this.store.getPerson(person._id)) ?? current;
    }
    throw new AmparoError('CONFLICT', 'errors.conflict');
  }

  async byIdentity(identityKey: string): Promise<Person | null> {
    return this.store.findPersonByIdentity(identityKey);
  }

  async byId(personId: string): Promise<Person | null> {
    return this.store.getPerson(personId);
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
    return (await this.holdingAny(committee, [role], stateParty)).map((h) => h.person);
  }

  /** Everyone with a running term in the committee, with the roles they hold now. */
  async serving(committee: TreatyBody): Promise<Array<{ person: Person; roles: Set<Role> }>> {
    const now = this.clock.now();
    return (await this.store.listPeopleOfCommittee(committee))
      .map((person) => ({ person, roles: new Set(person.roles.filter((r) => r.committee === committee && isActive(r, now)).map((r) => r.role)) }))
      .filter(({ roles }) => roles.size > 0);
  }

  /**
   * Everyone whose term in one of `roles` is running now, with the first of those roles they
   * hold (in the order given), from one read of the committee's people.
   */
  async holdingAny<R extends Role>(committee: TreatyBody, roles: readonly R[], stateParty?: string): Promise<Array<{ person: Person; role: R }>> {
    const now = this.clock.now();
    const found: Array<{ person: Person; role: R }> = [];
    for (const person of await this.store.listPeopleOfCommittee(committee)) {
      const role = roles.find((wanted) =>
        person.roles.some((r) => r.committee === committee && r.role === wanted && isActive(r, now) && (stateParty === undefined || r.stateParty === stateParty)),
      );
      if (role !== undefined) found.push({ person, role });
    }
    return found.sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role));
  }

  /** Display names by person id, from one read; an id nobody has stands for itself. */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    const found = new Map((await this.store.getPeople(wanted)).map((person) => [person._id, person.displayName]));
    return new Map(wanted.map((id) => [id, found.get(id) ?? id]));
  }
}
