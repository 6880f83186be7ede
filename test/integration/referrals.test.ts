import { defineCommittee } from '../../src/domain/committee';
import { verifyChain } from '../../src/domain/register';
import type { Actor } from '../../src/domain/roles';
import { person } from '../support/people';
import { allegation, assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G16: the rapporteurs of all committees form a network to share information and ask for
 * supporting action. Through the services on each real store: a CAT rapporteur refers a case
 * to CCPR; what CCPR's rapporteurs may see is bounded by the consent record (G5e), never holds
 * the source (G11, G18), and every referral and every opening is in the register (G11, G32).
 */
const SECRETS = { victim: 'Ingrid Testdottir', place: 'Oslo', sourceContact: 'via the lawyer, +47 0000' };
const NARRATIVE = allegation().narrative;
const CCPR_CHAIR = person('carla', 'chair', { committee: 'CCPR' });
const CCPR_FORMER = person('fiona', 'rapporteur', { committee: 'CCPR', ended: true });
const CERD_RAPPORTEUR = person('rosa', 'rapporteur', { committee: 'CERD' });

describe.each(STORE_KINDS)('referral to another committee on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let rapporteur: Actor;
  let other: Actor;

  beforeEach(async () => {
    under = await openStore(kind, 'referrals');
    h = await harness(under.store);
    await under.store.saveCommittee(defineCommittee({ _id: 'CERD', name: 'Committee on the Elimination of Racial Discrimination' }));
    await under.store.saveCommittee(defineCommittee({ _id: 'CED', name: 'Committee on Enforced Disappearances' }));
    for (const p of [CCPR_CHAIR, CCPR_FORMER, CERD_RAPPORTEUR]) await under.store.insertPerson(p);
    rapporteur = h.actor(CAST.rapporteur);
    other = h.actor(CAST.otherCommittee);
  });

  afterEach(async () => {
    await under.dispose();
  });

  const eventTypes = async (reference: string) => {
    const c = await under.store.findCaseByReference(reference);
    return (await under.store.listEvents(c?._id as string)).map((e) => e.type);
  };

  it('G16, G5e: with informed consent to referral, the other committee sees the facts and the narrative, never the source of a confidential submission', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes', confidential: 'yes' });
    h.notifier.sent.length = 0;
    const { referral, recipients } = await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Please raise it in the review of Norway.' });
    expect([referral.number, referral.scope, recipients]).toEqual([1, 'facts_and_narrative', 1]);

    const opened = await h.services.referrals.open(other, reference, 1);
    expect(opened.shared).toEqual({ stateParty: 'NO', perpetrator: 'state', riskLevel: 'high', outcome: 'substantiated', genderRisk: 'unknown', narrative: NARRATIVE });
    expect(opened.support).toBe('Please raise it in the review of Norway.');
    const shown = JSON.stringify(opened);
    for (const secret of Object.values(SECRETS)) expect(shown).not.toContain(secret);
    expect(shown).not.toContain('maria'); // who reported it
    expect(shown).not.toContain('followed home'); // the findings stay with CAT
  });

  it('G16, G5e: with consent to referral not recorded, only the anonymous facts are shared', async () => {
    const reference = await assessedCase(h, { consentReferral: 'unknown' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Any support.' });
    const opened = await h.services.referrals.open(other, reference, 1);
    expect(Object.keys(opened.shared)).toEqual(['stateParty', 'perpetrator', 'riskLevel', 'outcome', 'genderRisk']);
    expect(opened.sharing.reason).toBe('consent_not_recorded');
    expect(JSON.stringify(opened)).not.toContain(NARRATIVE);
  });

  it('G5e: when the person said no to referral, the referral is refused and nothing is recorded or sent', async () => {
    const reference = await assessedCase(h, { consentReferral: 'no' });
    const before = await under.store.findCaseByReference(reference);
    const eventsBefore = await eventTypes(reference);
    h.notifier.sent.length = 0;
    await expect(h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' })).rejects.toMatchObject({ code: 'CONSENT_REQUIRED', messageKey: 'referral.errors.consent_refused' });
    expect((await under.store.findCaseByReference(reference))?.version).toBe(before?.version);
    expect(await eventTypes(reference)).toEqual(eventsBefore);
    expect(h.notifier.sent).toEqual([]);
  });

  it('G16, G8: only the current rapporteurs of the committee referred to are alerted, with the reference and no detail', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    h.notifier.sent.length = 0;
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Please raise it.' });
    expect(h.notifier.sent.map((s) => s.to)).toEqual(['omar']);
    expect(h.notifier.sent[0]?.notification).toEqual({ kind: 'referral.request', audience: 'rapporteur', caseId: expect.any(String), reference, committee: 'CAT', urgent: false, referral: { number: 1, to: 'CCPR' } });
    expect(JSON.stringify(h.notifier.sent)).not.toMatch(/Ingrid|Detained|Oslo|lawyer|raise/);
  });

  it('a committee with no rapporteur now cannot receive a referral: refused clearly, nothing half-way', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    const before = await under.store.findCaseByReference(reference);
    h.notifier.sent.length = 0;
    await expect(h.services.referrals.refer(rapporteur, reference, { to: 'CED', support: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE', messageKey: 'referral.errors.no_rapporteur', vars: { committee: 'CED' } });
    await expect(h.services.referrals.refer(rapporteur, reference, { to: 'CAT', support: 'x' })).rejects.toMatchObject({ messageKey: 'referral.errors.same_committee' });
    await expect(h.services.referrals.refer(rapporteur, reference, { to: 'CMW', support: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.committee.not_found' });
    const after = await under.store.findCaseByReference(reference);
    expect([after?.version, after?.referrals]).toEqual([before?.version, undefined]);
    expect(h.notifier.sent).toEqual([]);
  });

  it('G16: the other committee\'s rapporteur opens the referral, never the case; others open neither', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    // The case is to them as if it did not exist (no oracle on references).
    const unknownCase = { code: 'NOT_FOUND', messageKey: 'errors.case.not_found', vars: { reference } };
    await expect(h.services.reader.open(other, reference)).rejects.toMatchObject(unknownCase);
    await expect(h.services.reader.status(other, reference)).rejects.toMatchObject(unknownCase);
    await expect(h.services.reader.show(other, reference)).rejects.toMatchObject(unknownCase);
    await expect(h.services.cases.recordSources(other, reference, ['nhri'], '')).rejects.toMatchObject(unknownCase);
    for (const outsider of [CCPR_CHAIR, CCPR_FORMER, CERD_RAPPORTEUR, CAST.member]) {
      await expect(h.services.referrals.open(h.actor(outsider), reference, 1)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'referral.errors.not_found', vars: { reference, number: 1 } });
    }
    await expect(h.services.referrals.refer(h.actor(CAST.chair), reference, { to: 'CCPR', support: 'x' })).rejects.toMatchObject({ code: 'NOT_ALLOWED', messageKey: 'errors.not_allowed.refer' });
    await expect(h.services.referrals.refer(other, reference, { to: 'CERD', support: 'x' })).rejects.toMatchObject(unknownCase);
  });

  it('G11, G32: the referral and each opening of it are in the register, chained, saying what was shared', async () => {
    const reference = await assessedCase(h, { consentReferral: 'unknown' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    await h.services.referrals.open(other, reference, 1);
    const c = await under.store.findCaseByReference(reference);
    const events = await under.store.listEvents(c?._id as string);
    const referred = events.find((e) => e.type === 'case.referred');
    const opened = events.find((e) => e.type === 'referral.opened');
    expect(referred).toMatchObject({ actorId: 'amina', data: { number: 1, to: 'CCPR', consent: 'unknown', shared: ['stateParty', 'perpetrator', 'riskLevel', 'outcome', 'genderRisk'] } });
    expect(opened).toMatchObject({ actorId: 'omar', data: { number: 1, shared: ['stateParty', 'perpetrator', 'riskLevel', 'outcome', 'genderRisk'] } });
    expect(events.map((e) => e.type).slice(-3)).toEqual(['case.referred', 'notification.sent', 'referral.opened']);
    expect(verifyChain(events).intact).toBe(true);
    expect(JSON.stringify(events)).not.toContain('Detained');
    // The requested support is sealed at rest, like every note.
    expect(await under.rawDump()).not.toContain('"support":"x"');
  });

  it('G5e: consent withdrawn after the referral: the referral can no longer be opened, and narrowed consent shows less', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'unknown', informed: false, how: 'oral' });
    expect(Object.keys((await h.services.referrals.open(other, reference, 1)).shared)).not.toContain('narrative');
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'no', informed: true, how: 'oral' });
    await expect(h.services.referrals.open(other, reference, 1)).rejects.toMatchObject({ code: 'CONSENT_REQUIRED', messageKey: 'referral.errors.consent_withdrawn' });
    expect((await eventTypes(reference)).filter((e) => e === 'referral.opened')).toHaveLength(1);
  });

  it('a referral of a case whose texts were destroyed under the retention policy no longer opens', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    const c = await under.store.findCaseByReference(reference);
    if (!c) throw new Error('the case is not stored');
    const destroyed = { ...c, status: 'closed' as const, textsDestroyed: { at: new Date(), by: 'cli:test', archiveId: 'a1' }, version: c.version + 1 };
    expect(await under.store.replaceCase(destroyed, c.version)).toBe(true);
    await expect(h.services.referrals.open(other, reference, 1)).rejects.toMatchObject({ code: 'INVALID_STATE', messageKey: 'retention.case_destroyed' });
  });
});
