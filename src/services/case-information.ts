import type { Clock, IdSource } from '../clock';
import type { Case } from '../domain/case';
import {
  assertInformable,
  informationBinding,
  informationEventId,
  informationId,
  informationInputSchema,
  type CaseInformation,
  type InformationInput,
  type InformationRole,
} from '../domain/case-information';
import { can, caseFacts } from '../domain/policy';
import type { RegisterEvent } from '../domain/register';
import { holds, type Actor } from '../domain/roles';
import { submissionKey } from '../domain/submission-key';
import { AmparoError } from '../errors';
import { StoreConflict, type Store } from '../store/store';
import type { CaseService } from './cases';
import type { KeyRing } from './crypto';
import type { NotificationService, SendResult } from './notifications';
import type { PeopleService } from './people';
import type { RegisterService } from './register';

/** An addition as its viewer sees it: the text opened for them. */
export interface InformationEntry {
  information: CaseInformation;
  text: string;
}

/**
 * G10, G11, G12: information added to a case after its report. The reporter and those who work
 * on the case add it; the rapporteurs and the chair are told at once, privately, that it arrived
 * and whether it reports a new incident, never what it says; they read it in the case. Each
 * addition is a document of its own, its text sealed to it, and an entry in the case's register
 * that carries codes only.
 */
export class CaseInformationService {
  constructor(
    private readonly deps: {
      store: Store;
      keys: KeyRing;
      clock: Clock;
      ids: IdSource;
      cases: CaseService;
      register: RegisterService;
      people: PeopleService;
      notifications: NotificationService;
    },
  ) {}

  /**
   * Stores the addition owing its alert, registers it under an id that follows from the
   * addition's, and tells the rapporteurs and the chair. The same submission saved again finds
   * the addition stored first, registers it if a crash left it unregistered, and sends what
   * is still owed (each message is claimed per recipient, so nobody is told twice).
   */
  async add(actor: Actor, reference: string, input: InformationInput, platformKey?: string): Promise<{ case: Case; information: CaseInformation }> {
    const { store, keys, clock, ids } = this.deps;
    const c = await this.deps.cases.load(actor, reference, 'add_information');
    assertInformable(c);
    const parsed = informationInputSchema(() => clock.now()).safeParse(input);
    if (!parsed.success) throw new AmparoError('INVALID_INPUT', 'information.errors.invalid', { reference: c.reference });
    const { text, newIncident: _newIncident, incidentOn, ...facts } = parsed.data;
    // Scoped to the person, so that a key replayed by someone else never reaches their addition.
    const id = platformKey ? informationId(submissionKey(actor.personId, platformKey)) : ids.next();
    const information: CaseInformation = {
      _id: id,
      caseId: c._id,
      committee: c.committee,
      text: keys.seal(text, informationBinding(c._id, id)),
      ...facts,
      ...(incidentOn ? { incidentOn } : {}),
      addedBy: actor.personId,
      addedAs: roleOf(actor, c),
      addedAt: clock.now(),
      // G10: stored owing its alert, so that a crash or a failed delivery cannot lose it.
      owed: true,
    };
    let stored = information;
    try {
      await store.insertCaseInformation(information);
    } catch (error) {
      const first = error instanceof StoreConflict ? (await store.listCaseInformation(c._id)).find((i) => i._id === id) : undefined;
      if (!first) throw error;
      stored = first;
    }
    await this.register(stored);
    if (stored.owed) await this.tell(c, stored);
    return { case: c, information: stored };
  }

  /**
   * The sweep (at start and on every tick): each addition whose alert is still owed is told
   * to whoever missed it, once their claim has lapsed. How many were tried.
   */
  async alertOwed(): Promise<number> {
    let tried = 0;
    for (const information of await this.deps.store.informationOwed()) {
      const c = await this.deps.store.getCase(information.caseId);
      if (!c) continue;
      await this.tell(c, information);
      tried += 1;
    }
    return tried;
  }

  /** Alerts, and settles the alert once every recipient is handled (told, or refused for good). */
  private async tell(c: Case, information: CaseInformation): Promise<void> {
    const { settled } = await this.alert(c, information);
    if (settled) await this.deps.store.settleInformation(information._id);
  }

  /**
   * The case's additions for someone who has opened it (`CaseReader` recorded the opening), with
   * their texts opened; none for someone the policy does not let read them. `history`, the
   * register as the opening read it, tells which additions a crash left unregistered.
   */
  async forCase(actor: Actor, c: Case, history: readonly RegisterEvent[]): Promise<InformationEntry[] | undefined> {
    if (!can(actor, 'view_information', { committee: c.committee, case: caseFacts(c) })) return undefined;
    const added = await this.deps.store.listCaseInformation(c._id);
    const registered = new Set(history.map((e) => e.id));
    for (const information of added) if (!registered.has(informationEventId(information._id))) await this.register(information);
    if (c.textsDestroyed) return [];
    return added.map((information) => ({ information, text: this.deps.keys.open(information.text, informationBinding(c._id, information._id)) }));
  }

  private async register(information: CaseInformation): Promise<void> {
    await this.deps.register.recordOnce(information.caseId, {
      id: informationEventId(information._id),
      at: information.addedAt,
      actorId: information.addedBy,
      type: 'information.added',
      data: { source: information.source, channel: information.channel, addedAs: information.addedAs, newIncident: information.incidentOn !== undefined },
    });
  }

  /**
   * G10: the rapporteurs and the chair, but not the one who added it, are told privately: the
   * reference, that information arrived, in which role it was added and whether it reports a new
   * incident. A failed delivery is logged and recorded by the notification service, and the
   * alert stays owed for the sweep.
   */
  private async alert(c: Case, information: CaseInformation): Promise<SendResult> {
    const { people, notifications, clock } = this.deps;
    const recipients = (await people.holdingAny(c.committee, ['rapporteur', 'chair'] as const))
      .filter(({ person }) => person._id !== information.addedBy)
      .map(({ person, role }) => ({ person, audience: role }));
    if (recipients.length === 0) return { failed: [], settled: true };
    return notifications.send(
      recipients,
      {
        kind: 'information.added',
        caseId: c._id,
        reference: c.reference,
        committee: c.committee,
        riskLevel: c.riskLevel,
        urgent: false,
        information: { addedAs: information.addedAs, newIncident: information.incidentOn !== undefined, closed: c.status === 'closed' },
      },
      clock.now(),
      information.addedBy,
      information._id,
    );
  }
}

/** In which capacity the person adds: a rapporteur or the chair as such, otherwise as the case's reporter. */
function roleOf(actor: Actor, c: Case): InformationRole {
  if (holds(actor, c.committee, 'rapporteur')) return 'rapporteur';
  if (holds(actor, c.committee, 'chair')) return 'chair';
  return 'reporter';
}
