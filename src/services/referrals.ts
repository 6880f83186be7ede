import type { Clock } from '../clock';
import { AmparoError } from '../errors';
import { refer, type Case } from '../domain/case';
import type { Committee, TreatyBody } from '../domain/committee';
import { can, caseFacts } from '../domain/policy';
import { assertReferable, referralSharedNow, referralSharing, type Referral, type SharedField, type Sharing } from '../domain/referral';
import type { Actor } from '../domain/roles';
import type { Store } from '../store/store';
import type { CaseService } from './cases';
import type { KeyRing } from './crypto';
import type { NotificationService } from './notifications';
import type { PeopleService } from './people';
import type { RegisterService } from './register';

export interface ReferralDeps {
  store: Store;
  keys: KeyRing;
  clock: Clock;
  cases: CaseService;
  register: RegisterService;
  people: PeopleService;
  notifications: NotificationService;
}

/** A referral as its reader may see it: who asked what, and exactly the fields shared. */
export interface OpenedReferral {
  reference: string;
  from: TreatyBody;
  referral: Omit<Referral, 'support'>;
  support: string;
  sharing: Extract<Sharing, { allowed: true }>;
  /** One value per shared field, in the order of `sharing.fields`: codes, and the narrative's text. */
  shared: Partial<Record<SharedField, string>>;
}

/**
 * G16: a rapporteur asks the rapporteurs of another committee for supportive action. The
 * referral is recorded in the case's register; the other committee's rapporteurs are told
 * privately and may open what the consent lets the referral share, each opening recorded first.
 */
export class ReferralService {
  constructor(private readonly deps: ReferralDeps) {}

  /** The committees a case of `from` may be referred to: every other one served here. */
  async targets(from: TreatyBody): Promise<Committee[]> {
    return (await this.deps.store.listCommittees()).filter((committee) => committee._id !== from);
  }

  /**
   * Every check comes before anything is written: the consent, the committee, someone to
   * receive it. Then one change of the case carries the referral and its register entry.
   */
  async refer(actor: Actor, reference: string, input: { to: TreatyBody; support: string }): Promise<{ case: Case; referral: Referral; recipients: number }> {
    const { cases, people, keys, notifications, clock } = this.deps;
    const loaded = await cases.load(actor, reference, 'refer');
    if (!referralSharing(loaded.consent.referral).allowed) {
      throw new AmparoError('CONSENT_REQUIRED', 'referral.errors.consent_refused', { reference: loaded.reference });
    }
    assertReferable(loaded.committee, input.to);
    if (input.support.trim() === '') throw new AmparoError('INVALID_INPUT', 'referral.errors.support_required');
    await cases.committee(input.to);
    const rapporteurs = await people.holding(input.to, 'rapporteur');
    if (rapporteurs.length === 0) throw new AmparoError('INVALID_STATE', 'referral.errors.no_rapporteur', { committee: input.to });
    const c = await cases.mutate(actor, loaded.reference, 'refer', (current, step) =>
      refer(current, step, { to: input.to, support: keys.seal(input.support, `${current._id}:referralSupport`) }),
    );
    const referral = c.referrals?.at(-1) as Referral;
    // The alert names the case and the committee asking, nothing of the allegation.
    await notifications.send(
      rapporteurs.map((person) => ({ person, audience: 'rapporteur' as const })),
      { kind: 'referral.request', caseId: c._id, reference: c.reference, committee: c.committee, urgent: false, referral: { number: referral.number, to: referral.to } },
      clock.now(),
      actor.personId,
      `referral:${referral.number}`,
    );
    return { case: c, referral, recipients: rapporteurs.length };
  }

  /**
   * Records the disclosure first: if it cannot be recorded, nothing is shown. Whoever may not
   * open it hears what they would hear of a referral that does not exist, so that trying
   * references and numbers tells nobody which cases exist or were referred (G11, G16).
   */
  async open(actor: Actor, reference: string, number: number): Promise<OpenedReferral> {
    const asked = reference.trim().toUpperCase();
    const unknown = new AmparoError('NOT_FOUND', 'referral.errors.not_found', { reference: asked, number });
    const c = await this.deps.store.findCaseByReference(asked);
    if (!c) throw unknown;
    const facts = { committee: c.committee, case: caseFacts(c) };
    const referral = c.referrals?.find((r) => r.number === number);
    if (!referral || !can(actor, 'view_referral', { ...facts, referral: { to: referral.to } })) throw unknown;
    // Retention destroyed what the referral could show; it still counts, it no longer opens.
    if (c.textsDestroyed) throw new AmparoError('INVALID_STATE', 'retention.case_destroyed', { reference: c.reference });
    const sharing = referralSharedNow(referral, c.consent.referral);
    if (!sharing.allowed) throw new AmparoError('CONSENT_REQUIRED', 'referral.errors.consent_withdrawn', { reference: c.reference, number });
    await this.deps.register.record(c._id, this.deps.clock.now(), actor.personId, 'referral.opened', { number, shared: [...sharing.fields] });
    const { support, ...rest } = referral;
    return {
      reference: c.reference,
      from: c.committee,
      referral: rest,
      support: this.deps.keys.open(support, `${c._id}:referralSupport`),
      sharing,
      shared: this.shared(c, sharing.fields),
    };
  }

  private shared(c: Case, fields: readonly SharedField[]): OpenedReferral['shared'] {
    const values: Record<SharedField, () => string> = {
      stateParty: () => c.stateParty,
      perpetrator: () => c.perpetrator,
      riskLevel: () => c.riskLevel,
      outcome: () => c.assessment?.outcome ?? 'not_assessed',
      genderRisk: () => c.genderRisk,
      narrative: () => this.deps.keys.open(c.sealed.narrative, `${c._id}:narrative`),
    };
    return Object.fromEntries(fields.map((field) => [field, values[field]()]));
  }
}
