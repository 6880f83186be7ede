import type { Clock } from '../clock';
import { AmparoError } from '../errors';
import type { Case } from '../domain/case';
import type { TreatyBody } from '../domain/committee';
import { can, caseFacts } from '../domain/policy';
import { referralState, type ReferralState } from '../domain/referral';
import type { Actor } from '../domain/roles';
import type { Store } from '../store/store';
import type { NotificationService } from './notifications';
import type { PeopleService } from './people';

export interface ReferralInboxDeps {
  store: Store;
  clock: Clock;
  people: PeopleService;
  notifications: NotificationService;
}

/** One referral made to the reader's committee: what names it and where it stands, nothing it shares. */
export interface InboxItem {
  reference: string;
  number: number;
  from: TreatyBody;
  to: TreatyBody;
  at: Date;
  state: ReferralState;
  /** Whether the reader may open it (`view_referral`): a chair sees the list, its rapporteurs open. */
  opens: boolean;
}

/**
 * G16: the referrals other committees made to the reader's committee, for its rapporteurs and
 * its chair (`list_referrals`); and G5e: when the person narrows their consent to referral,
 * the rapporteurs of every committee a referral went to are told, once each and with no
 * detail, that what they may see of it changed.
 */
export class ReferralInbox {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ReferralInboxDeps) {}

  /** The committees whose inbox the actor may read; none when they may read no inbox. */
  committees(actor: Actor): TreatyBody[] {
    return [...new Set(actor.roles.map((r) => r.committee))].filter((committee) => can(actor, 'list_referrals', { committee }));
  }

  /** Newest first. Refused with one answer to whoever may read no inbox. */
  async list(actor: Actor): Promise<InboxItem[]> {
    const committees = this.committees(actor);
    if (committees.length === 0) throw new AmparoError('NOT_ALLOWED', 'referral.inbox.not_allowed');
    const { store } = this.deps;
    const cases = await store.listCases({ referredTo: committees });
    if (cases.length === 0) return [];
    // Who counts as having taken a referral up: anyone ever given a role in the committee it went to.
    const receivers = new Map(await Promise.all(committees.map(async (committee): Promise<[TreatyBody, Set<string>]> => [committee, new Set((await store.listPeopleOfCommittee(committee)).map((p) => p._id))])));
    const items: InboxItem[] = [];
    for (const c of cases) {
      const opened = (await store.listEvents(c._id)).filter((e) => e.type === 'referral.opened');
      const facts = { committee: c.committee, case: caseFacts(c) };
      for (const referral of c.referrals ?? []) {
        const readers = receivers.get(referral.to);
        if (!readers) continue;
        const taken = opened.some((e) => e.data.number === referral.number && readers.has(e.actorId));
        items.push({
          reference: c.reference,
          number: referral.number,
          from: c.committee,
          to: referral.to,
          at: referral.at,
          state: referralState(c, taken),
          opens: can(actor, 'view_referral', { ...facts, referral: { to: referral.to } }),
        });
      }
    }
    return items.sort((a, b) => b.at.getTime() - a.at.getTime() || a.reference.localeCompare(b.reference) || a.number - b.number);
  }

  /**
   * A case observer: a change of the consent to referral that leaves a referral showing less
   * owes its committee's rapporteurs a notice (`noticesOwed`, written with the change by
   * `updateConsent`); it is sent here, off the request. One notice per change of the case and
   * per person (the version names the occurrence), claimed before it is sent.
   */
  consentChanged(c: Case): Promise<void> {
    if (!c.noticesOwed?.length) return Promise.resolve();
    const telling = this.tellOwed(c);
    this.inFlight.add(telling);
    return telling.finally(() => this.inFlight.delete(telling));
  }

  /**
   * The sweep (at start and on every tick): a notice still owed (its sending failed, or the
   * process died first) goes to whoever missed it, once their claim has lapsed. How many cases were tried.
   */
  async tellPending(): Promise<number> {
    let tried = 0;
    for (const caseId of await this.deps.store.casesOwingNotices()) {
      const c = await this.deps.store.getCase(caseId);
      if (!c?.noticesOwed?.length) continue;
      await this.tellOwed(c);
      tried += 1;
    }
    return tried;
  }

  /** Sends each notice owed on the case, and settles each once every recipient is handled. */
  private async tellOwed(c: Case): Promise<void> {
    const { store, people, notifications, clock } = this.deps;
    for (const notice of c.noticesOwed ?? []) {
      const rapporteurs = await people.holding(notice.referral.to, 'rapporteur');
      const { settled } = await notifications.send(
        rapporteurs.map((person) => ({ person, audience: 'rapporteur' as const })),
        { kind: notice.kind, caseId: c._id, reference: c.reference, committee: c.committee, urgent: false, referral: notice.referral },
        clock.now(),
        notice.by,
        notice.occurrence,
      );
      if (settled) await store.settleNotice(c._id, notice.occurrence);
    }
  }

  /** Resolves once the notices being sent are out (a graceful stop, a test). */
  async told(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
