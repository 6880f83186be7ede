import * as lifecycle from '../../src/domain/case';
import type { Case, ConsentEntry, Sealed, Step } from '../../src/domain/case';
import { ANONYMOUS_FACTS, referralSharedNow, referralSharing, referralState, SHAREABLE_FIELDS, sharingNarrowed } from '../../src/domain/referral';
import { hasKey } from '../../src/i18n';
import { caseRecord } from '../support/case-record';
import { refusalOf } from '../support/errors';

/**
 * G16 (rapporteurs of all committees share information and ask for supporting action),
 * bounded by G5e (free and informed consent, do no harm): what a referral shares, pure.
 */
let n = 0;
const step = (): Step => ({ actorId: 'amina', actorName: 'Amina', at: new Date('2026-03-10T09:00:00Z'), newId: () => `id-${++n}` });
const consent = (answer: ConsentEntry['answer'], informed = true): ConsentEntry => ({ answer, informed, recordedBy: 'maria', recordedAt: new Date('2026-03-10T09:00:00Z'), how: 'oral' });
const withReferralConsent = (entry: ConsentEntry, overrides: Partial<Case> = {}): Case => {
  const c = caseRecord(1, overrides);
  return { ...c, consent: { ...c.consent, referral: entry } };
};
const support = 'sealed:support' as Sealed;

describe('what a referral shares (G16, G5e)', () => {
  it('G16: informed consent to referral shares the anonymous facts and the narrative, nothing more', () => {
    expect(referralSharing(consent('yes'))).toEqual({ allowed: true, scope: 'facts_and_narrative', fields: [...ANONYMOUS_FACTS, 'narrative'], reason: 'consent_given' });
  });

  it('G16, G5e: consent unknown, or given without the risks explained, shares the anonymous facts only', () => {
    expect(referralSharing(consent('unknown', false))).toMatchObject({ allowed: true, scope: 'anonymous_facts', fields: ANONYMOUS_FACTS, reason: 'consent_not_recorded' });
    expect(referralSharing(consent('yes', false))).toMatchObject({ allowed: true, scope: 'anonymous_facts', fields: ANONYMOUS_FACTS, reason: 'consent_uninformed' });
  });

  it('G5e: the person said no to referral, so nothing is shared and the referral is refused', () => {
    expect(referralSharing(consent('no'))).toEqual({ allowed: false, reason: 'consent_refused' });
    expect(refusalOf(() => lifecycle.refer(withReferralConsent(consent('no')), step(), { to: 'CCPR', support }))).toBe('referral.errors.consent_refused');
  });

  it('G11, G18: no consent ever lets a referral share a name, a place, a contact or the source', () => {
    expect([...SHAREABLE_FIELDS].sort()).toEqual(['genderRisk', 'narrative', 'outcome', 'perpetrator', 'riskLevel', 'stateParty']);
  });

  it('G5e: an opened referral never shows more than when it was made, and nothing once consent is refused', () => {
    const anonymous = { scope: 'anonymous_facts' as const, consent: 'unknown' as const };
    const full = { scope: 'facts_and_narrative' as const, consent: 'yes' as const };
    expect(referralSharedNow(anonymous, consent('yes'))).toMatchObject({ scope: 'anonymous_facts', fields: ANONYMOUS_FACTS });
    expect(referralSharedNow(full, consent('yes'))).toMatchObject({ scope: 'facts_and_narrative' });
    expect(referralSharedNow(full, consent('unknown', false))).toMatchObject({ scope: 'anonymous_facts' });
    expect(referralSharedNow(full, consent('no'))).toEqual({ allowed: false, reason: 'consent_refused' });
  });

  it('G16: a referral is numbered in its case, records what it shared, and goes to another committee only', () => {
    const first = lifecycle.refer(withReferralConsent(consent('yes')), step(), { to: 'CCPR', support });
    const second = lifecycle.refer(first.next, step(), { to: 'CERD', support });
    expect(second.next.referrals?.map((r) => [r.number, r.to, r.scope, r.byName])).toEqual([
      [1, 'CCPR', 'facts_and_narrative', 'Amina'],
      [2, 'CERD', 'facts_and_narrative', 'Amina'],
    ]);
    expect(first.events).toEqual([
      expect.objectContaining({ type: 'case.referred', data: { referralId: first.next.referrals?.[0]?.id, number: 1, to: 'CCPR', shared: [...SHAREABLE_FIELDS], consent: 'yes' } }),
    ]);
    expect(refusalOf(() => lifecycle.refer(withReferralConsent(consent('yes')), step(), { to: 'CAT', support }))).toBe('referral.errors.same_committee');
    expect(refusalOf(() => lifecycle.refer(withReferralConsent(consent('yes'), { status: 'closed' }), step(), { to: 'CCPR', support }))).toBe('errors.case.closed');
  });

  it('the requested support is sealed like every note, so key rotation reaches it', () => {
    const c = lifecycle.refer(withReferralConsent(consent('unknown')), step(), { to: 'CCPR', support }).next;
    const fields: string[] = [];
    lifecycle.mapSealed(c, (value, field) => {
      fields.push(field);
      return value;
    });
    expect(fields).toContain('referralSupport');
  });

  it('every shared field and every reason has its words', () => {
    const keys = [...SHAREABLE_FIELDS.map((f) => `referral.fields.${f}`), ...['consent_given', 'consent_uninformed', 'consent_not_recorded'].map((r) => `referral.sharing.${r}`)];
    expect(keys.filter((key) => !hasKey(key))).toEqual([]);
  });
});

describe('the referral inbox (G16) and narrowed consent (G5e)', () => {
  const informed = { answer: 'yes' as const, informed: true };
  const uninformed = { answer: 'yes' as const, informed: false };
  const unknown = { answer: 'unknown' as const, informed: false };
  const refused = { answer: 'no' as const, informed: true };
  const onNarrative = { scope: 'facts_and_narrative' as const, consent: 'yes' as const };
  const onFacts = { scope: 'anonymous_facts' as const, consent: 'unknown' as const };

  it('G5e: consent narrows a referral when it now shows fewer fields, or none', () => {
    expect(sharingNarrowed(onNarrative, informed, uninformed)).toBe(true);
    expect(sharingNarrowed(onNarrative, informed, unknown)).toBe(true);
    expect(sharingNarrowed(onNarrative, uninformed, refused)).toBe(true);
    expect(sharingNarrowed(onFacts, unknown, refused)).toBe(true);
  });

  it('G5e: consent that widens, or leaves the same fields, narrows nothing', () => {
    expect(sharingNarrowed(onNarrative, uninformed, informed)).toBe(false);
    expect(sharingNarrowed(onNarrative, uninformed, unknown)).toBe(false);
    expect(sharingNarrowed(onNarrative, refused, refused)).toBe(false);
    // Made on anonymous facts, it never showed the narrative: informed consent lost takes nothing from it.
    expect(sharingNarrowed(onFacts, informed, uninformed)).toBe(false);
  });

  it('G16: a referral is received until its committee opens it, and closed with the case', () => {
    expect(referralState({ status: 'assessed' }, false)).toBe('received');
    expect(referralState({ status: 'assessed' }, true)).toBe('opened');
    expect(referralState({ status: 'closed' }, true)).toBe('closed');
    expect(referralState({ status: 'assessed', textsDestroyed: { at: new Date() } }, false)).toBe('closed');
    expect(['received', 'opened', 'closed'].map((s) => `referral.inbox.states.${s}`).filter((key) => !hasKey(key))).toEqual([]);
  });
});
