import { AmparoError } from '../errors';
import type { CONSENT_ANSWERS } from './allegation';
import type { Sealed } from './sealed';
import type { TreatyBody } from './committee';

/**
 * G16: the rapporteurs of all committees form a network to share information and ask for
 * supporting action. A referral asks the rapporteurs of another committee for support on a
 * case; what they may see of it is decided here, from the person's consent (G5e), and from
 * nothing else.
 */

/** Facts that name nobody: what a referral shares when consent is not (yet) given. */
export const ANONYMOUS_FACTS = ['stateParty', 'perpetrator', 'riskLevel', 'outcome', 'genderRisk'] as const;
/** Every field a referral can ever share. Names, place, contacts and the source are not among them. */
export const SHAREABLE_FIELDS = [...ANONYMOUS_FACTS, 'narrative'] as const;
export type SharedField = (typeof SHAREABLE_FIELDS)[number];

const REFERRAL_SCOPES = ['anonymous_facts', 'facts_and_narrative'] as const;
type ReferralScope = (typeof REFERRAL_SCOPES)[number];

/** Why a referral shares what it shares; each reason has its sentence in the catalogue. */
type SharingReason = 'consent_given' | 'consent_uninformed' | 'consent_not_recorded' | 'consent_refused';

export type Sharing =
  | { allowed: true; scope: ReferralScope; fields: readonly SharedField[]; reason: Exclude<SharingReason, 'consent_refused'> }
  | { allowed: false; reason: 'consent_refused' };

export interface Referral {
  id: string;
  /** 1, 2, … within the case: `CAT-2026-0001#2`. */
  number: number;
  to: TreatyBody;
  /** The support asked for, in the referring rapporteur's words (sealed like every note). */
  support: Sealed;
  /** What the consent allowed when the referral was made; opening it never shows more. */
  scope: ReferralScope;
  consent: (typeof CONSENT_ANSWERS)[number];
  by: string;
  byName: string;
  at: Date;
}

const FIELDS: Record<ReferralScope, readonly SharedField[]> = {
  anonymous_facts: ANONYMOUS_FACTS,
  facts_and_narrative: SHAREABLE_FIELDS,
};

/**
 * What a referral may share, given the case's consent to referral (G16, G5e):
 * - `yes`, with the risks explained: the anonymous facts and the allegation's narrative;
 * - `yes` without the risks explained, or `unknown`: the anonymous facts only (consent counts
 *   only when informed; the rapporteur is told to record it first to share more);
 * - `no`: nothing at all, and the referral is refused. The person said no to referral: even
 *   anonymous facts (a State party, a risk level) can point at them when few people
 *   cooperate with a committee from one country, so the safer reading of G5e wins over G16.
 * Never shared, whatever the consent: the name of the person at risk, the place, contact
 * details, and who the source is (G11, G18).
 */
export function referralSharing(consent: { answer: (typeof CONSENT_ANSWERS)[number]; informed: boolean }): Sharing {
  if (consent.answer === 'no') return { allowed: false, reason: 'consent_refused' };
  if (consent.answer === 'yes' && consent.informed) return { allowed: true, scope: 'facts_and_narrative', fields: FIELDS.facts_and_narrative, reason: 'consent_given' };
  return { allowed: true, scope: 'anonymous_facts', fields: FIELDS.anonymous_facts, reason: consent.answer === 'yes' ? 'consent_uninformed' : 'consent_not_recorded' };
}

/**
 * What an existing referral may show now: never more than when it was made, and less if the
 * consent has narrowed since; nothing once the person has said no (G5e).
 */
export function referralSharedNow(referral: Pick<Referral, 'scope' | 'consent'>, consentNow: { answer: (typeof CONSENT_ANSWERS)[number]; informed: boolean }): Sharing {
  const now = referralSharing(consentNow);
  if (!now.allowed || referral.scope === 'facts_and_narrative' || now.scope === 'anonymous_facts') return now;
  return { allowed: true, scope: 'anonymous_facts', fields: FIELDS.anonymous_facts, reason: referral.consent === 'yes' ? 'consent_uninformed' : 'consent_not_recorded' };
}

/** G16 is a network of committees: a case is referred to another one, never to its own. */
export function assertReferable(from: TreatyBody, to: TreatyBody): void {
  if (from === to) throw new AmparoError('INVALID_INPUT', 'referral.errors.same_committee', { committee: to });
}

type ConsentToReferral = { answer: (typeof CONSENT_ANSWERS)[number]; informed: boolean };

/** How much a sharing shows: nothing, the anonymous facts, or those and the narrative. */
function breadth(sharing: Sharing): number {
  return sharing.allowed ? sharing.fields.length : 0;
}

/**
 * G5e: whether a change of the consent to referral leaves this referral showing less than
 * before. Its readers are then told that what they may see changed, and nothing more.
 */
export function sharingNarrowed(referral: Pick<Referral, 'scope' | 'consent'>, before: ConsentToReferral, after: ConsentToReferral): boolean {
  return breadth(referralSharedNow(referral, after)) < breadth(referralSharedNow(referral, before));
}

/**
 * Where a referral stands for the committee it was sent to (G16): `received` until one of its
 * rapporteurs or its chair opens it, `opened` (taken up) after, `closed` once the referring
 * committee closed the case or retention destroyed what it could show.
 */
const REFERRAL_STATES = ['received', 'opened', 'closed'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export function referralState(c: { status: string; textsDestroyed?: unknown }, openedByReceivers: boolean): ReferralState {
  if (c.status === 'closed' || c.textsDestroyed !== undefined) return 'closed';
  return openedByReceivers ? 'opened' : 'received';
}
