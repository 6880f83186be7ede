import { notificationView, runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { homeView } from '../../flows/home.flow';
import { localize } from '../../flows/localize';
import type { MessageView, Reply, Text } from '../../flows/view';
import { updateConsent } from '../../src/domain/case';
import { defineCommittee } from '../../src/domain/committee';
import type { Actor, Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { person } from '../support/people';
import { allegation, assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * G16: the referral inbox. The rapporteurs and the chair of the committee a case was referred
 * to see the referrals made to it, with where each stands, in their queue, their home and with
 * `/amparo referrals`; the rapporteurs open each under the consent's rules. G5e: when the
 * consent to referral narrows, the receiving rapporteurs are told once each, with no detail,
 * and an opening shows only what the new consent allows. On each real store.
 */
const CCPR_RAPPORTEUR2 = person('otto', 'rapporteur', { committee: 'CCPR' });
const CCPR_CHAIR = person('carla', 'chair', { committee: 'CCPR' });
const CCPR_FORMER = person('fiona', 'rapporteur', { committee: 'CCPR', ended: true });
const CERD_RAPPORTEUR = person('rosa', 'rapporteur', { committee: 'CERD' });
const NARRATIVE = allegation().narrative;
const SECRETS = /Ingrid|Detained|Oslo|lawyer|raise it/;

const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const lines = (view: MessageView): string[] => view.sections.flatMap((s) => [...(s.heading ? [say(s.heading)] : []), ...(s.lines ?? []).map(say), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`)]);
const view = (reply: Reply): MessageView => {
  if (reply.kind !== 'message') throw new Error(`expected a message, got the form ${reply.form.id}`);
  return reply.view;
};
const words = (reply: Reply): string => [say(view(reply).title), ...lines(view(reply))].join('\n');

describe.each(STORE_KINDS)('the referral inbox on the %s store (G16, G5e)', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let rapporteur: Actor;
  let omar: Actor;
  const narrowedTo = () => h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed').map((s) => s.to).sort();
  const ctx = (p: Person): FlowContext => ({ person: p, actor: h.actor(p), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeEach(async () => {
    under = await openStore(kind, 'referral-inbox');
    h = await harness(under.store);
    await under.store.saveCommittee(defineCommittee({ _id: 'CERD', name: 'Committee on the Elimination of Racial Discrimination' }));
    for (const p of [CCPR_RAPPORTEUR2, CCPR_CHAIR, CCPR_FORMER, CERD_RAPPORTEUR]) await under.store.insertPerson(p);
    rapporteur = h.actor(CAST.rapporteur);
    omar = h.actor(CAST.otherCommittee);
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G16: the receiving rapporteurs and chair list the referrals made to their committee, received, opened, closed, and nothing they share', async () => {
    const first = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    const second = await assessedCase(h, { consentReferral: 'unknown' });
    await h.services.referrals.refer(rapporteur, first, { to: 'CCPR', support: 'Please raise it in the dialogue.' });
    h.clock.advance(60_000);
    await h.services.referrals.refer(rapporteur, second, { to: 'CCPR', support: 'Please raise it too.' });
    await h.services.referrals.refer(rapporteur, second, { to: 'CERD', support: 'And you.' });

    const listed = await h.services.referralInbox.list(omar);
    expect(listed.map((i) => [i.reference, i.number, i.from, i.to, i.state, i.opens])).toEqual([
      [second, 1, 'CAT', 'CCPR', 'received', true],
      [first, 1, 'CAT', 'CCPR', 'received', true],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(SECRETS);
    expect(JSON.stringify(listed)).not.toContain(NARRATIVE);
    // The chair of the committee asked sees the list; opening stays with its rapporteurs.
    expect((await h.services.referralInbox.list(h.actor(CCPR_CHAIR))).map((i) => [i.reference, i.opens])).toEqual([[second, false], [first, false]]);
    // CERD sees only what was sent to CERD; CAT, which was asked nothing, sees nothing.
    expect((await h.services.referralInbox.list(h.actor(CERD_RAPPORTEUR))).map((i) => [i.reference, i.number, i.to])).toEqual([[second, 2, 'CERD']]);
    expect(await h.services.referralInbox.list(rapporteur)).toEqual([]);

    await h.services.referrals.open(omar, first, 1);
    // The referring rapporteur opening it does not take it up for CERD.
    await h.services.referrals.open(rapporteur, second, 2);
    await h.services.cases.close(rapporteur, second, 'actions_completed', '');
    expect((await h.services.referralInbox.list(omar)).map((i) => [i.reference, i.state])).toEqual([[second, 'closed'], [first, 'opened']]);
    expect((await h.services.referralInbox.list(h.actor(CERD_RAPPORTEUR))).map((i) => i.state)).toEqual(['closed']);
  });

  it('G16, G8: whoever is no rapporteur or chair with a current term reads no inbox, with one answer', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    for (const outsider of [CCPR_FORMER, CAST.member, CAST.countryRapporteur, CAST.security, CAST.formerRapporteur]) {
      await expect(h.services.referralInbox.list(h.actor(outsider))).rejects.toMatchObject({ code: 'NOT_ALLOWED', messageKey: 'referral.inbox.not_allowed' });
    }
  });

  it('G5e: narrowed consent tells each receiving rapporteur once, without content, and the referral then shows only what the new consent allows', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Please raise it in the dialogue.' });
    expect(Object.keys((await h.services.referrals.open(omar, reference, 1)).shared)).toContain('narrative');
    h.notifier.sent.length = 0;

    // Consent to publication changes nothing a referral shows: nobody is told.
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'publication', answer: 'yes', informed: true, how: 'written' });
    await h.services.referralInbox.told();
    expect(h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed')).toEqual([]);

    // Informed consent recorded again as uninformed: the narrative is no longer shared.
    const after = await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'yes', informed: false, how: 'oral' });
    await h.services.referralInbox.told();
    const narrowed = h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed');
    expect(narrowed.map((s) => s.to).sort()).toEqual(['omar', 'otto']);
    expect(narrowed[0]?.notification).toEqual({ kind: 'referral.narrowed', audience: 'rapporteur', caseId: after._id, reference, committee: 'CAT', urgent: false, referral: { number: 1, to: 'CCPR' } });
    expect(JSON.stringify(narrowed)).not.toMatch(SECRETS);
    const shown = notificationView(narrowed[0]!.notification);
    expect([say(shown.title), ...lines(shown)]).toEqual([
      `Referral #1 of ${reference}: what you may see has changed`,
      'The consent of the person concerned has changed (G5e). Opening the referral shows only what it now allows.',
    ]);
    expect([shown.sensitive, shown.buttons.map((b) => [b.action, b.arg])]).toEqual([false, [[ACTIONS.openReferral, `${reference}#1`]]]);

    // The same change told again (a second sender, a replay) reaches nobody twice: each message is claimed first.
    await h.services.referralInbox.consentChanged(after);
    expect(h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed')).toHaveLength(2);
    // Told to everyone: the notice is owed no more.
    expect(await under.store.casesOwingNotices()).toEqual([]);

    const opened = await h.services.referrals.open(omar, reference, 1);
    expect(Object.keys(opened.shared)).toEqual(['stateParty', 'perpetrator', 'riskLevel', 'outcome', 'genderRisk']);
    expect(JSON.stringify(opened)).not.toContain(NARRATIVE);

    // The person then says no: told once more, and the referral no longer opens.
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'no', informed: true, how: 'oral' });
    await h.services.referralInbox.told();
    expect(h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed').map((s) => s.to).sort()).toEqual(['omar', 'omar', 'otto', 'otto']);
    await expect(h.services.referrals.open(omar, reference, 1)).rejects.toMatchObject({ code: 'CONSENT_REQUIRED', messageKey: 'referral.errors.consent_withdrawn' });
    // Only the receiving rapporteurs: not their chair, not the referring committee.
    expect(h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed' && !['omar', 'otto'].includes(s.to))).toEqual([]);
  });

  it('G5e: a narrowed-consent notice that could not be sent goes out at the next sweep, to whoever missed it, once each', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Please raise it in the dialogue.' });
    h.notifier.sent.length = 0;
    h.notifier.failFor.add(CCPR_RAPPORTEUR2._id);
    const after = await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'yes', informed: false, how: 'oral' });
    await h.services.referralInbox.told();
    expect(narrowedTo()).toEqual(['omar']);
    expect(await under.store.casesOwingNotices()).toEqual([after._id]);
    h.notifier.failFor.clear();
    // Otto's claim holds for a while (its sender may still be at it): nobody is told yet.
    await h.services.cases.alertPending();
    expect(narrowedTo()).toEqual(['omar']);
    h.clock.advance(10 * 60 * 1000);
    await h.services.cases.alertPending();
    expect(narrowedTo()).toEqual(['omar', 'otto']);
    expect(h.notifier.to('otto').at(-1)).toEqual({ kind: 'referral.narrowed', audience: 'rapporteur', caseId: after._id, reference, committee: 'CAT', urgent: false, referral: { number: 1, to: 'CCPR' } });
    expect(await under.store.casesOwingNotices()).toEqual([]);
    h.clock.advance(10 * 60 * 1000);
    await h.services.cases.alertPending();
    expect(narrowedTo()).toEqual(['omar', 'otto']);
  });

  it('G5e: a narrowed consent stored by a process that died before telling anyone is told by the sweep, once each', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'Please raise it in the dialogue.' });
    h.notifier.sent.length = 0;
    // The change as the dying process stored it: its background step never ran.
    const stored = (await under.store.findCaseByReference(reference))!;
    const step = { actorId: rapporteur.personId, actorName: rapporteur.displayName, at: h.clock.now(), newId: () => 'consent-before-crash' };
    const { next } = updateConsent(stored, step, { kind: 'referral', answer: 'no', informed: true, how: 'oral' });
    expect(await under.store.replaceCase(next, stored.version)).toBe(true);
    expect(narrowedTo()).toEqual([]);
    await h.services.cases.alertPending();
    await h.services.cases.alertPending();
    expect(narrowedTo()).toEqual(['omar', 'otto']);
    expect(h.notifier.to('omar').at(-1)).toMatchObject({ kind: 'referral.narrowed', reference, referral: { number: 1, to: 'CCPR' } });
    expect(await under.store.casesOwingNotices()).toEqual([]);
  });

  it('G5e: consent that widens, or stays as narrow as it was, tells nobody', async () => {
    const reference = await assessedCase(h, { consentReferral: 'unknown' });
    await h.services.referrals.refer(rapporteur, reference, { to: 'CCPR', support: 'x' });
    h.notifier.sent.length = 0;
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'yes', informed: false, how: 'oral' });
    await h.services.cases.updateConsent(rapporteur, reference, { kind: 'referral', answer: 'yes', informed: true, how: 'oral' });
    await h.services.referralInbox.told();
    expect(h.notifier.sent.filter((s) => s.notification.kind === 'referral.narrowed')).toEqual([]);
    // A referral made on anonymous facts never shows the narrative, whatever the consent says later.
    expect(Object.keys((await h.services.referrals.open(omar, reference, 1)).shared)).not.toContain('narrative');
  });

  it('G16: `referrals`, `cases` and the home show the inbox privately, each referral with its Open button; the consent form narrows what it opens', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    expect(words(await runCommand(ctx(CAST.otherCommittee), 'referrals'))).toBe('Referrals to your committee\nNo other committee has referred a case to yours.');
    expect(lines(await homeView(ctx(CAST.otherCommittee)))).not.toContain('Referrals to your committee');
    await submitForm(ctx(CAST.rapporteur), ACTIONS.refer, reference, { to: 'CCPR', support: 'Please raise it in the dialogue.' }, 'k1');

    const inbox = await runCommand(ctx(CAST.otherCommittee), 'referrals');
    expect(words(inbox)).toBe(`Referrals to your committee\n${reference}#1 from CAT to CCPR, Mar 10, 2026: received, not yet opened`);
    expect(view(inbox).buttons.map((b) => [b.action, b.arg, say(b.label)])).toEqual([[ACTIONS.openReferral, `${reference}#1`, `Open referral ${reference}#1`]]);
    const queue = await runCommand(ctx(CAST.otherCommittee), 'cases');
    expect(lines(view(queue))).toEqual(['Nothing waiting for you.', 'Referrals to your committee', `${reference}#1 from CAT to CCPR, Mar 10, 2026: received, not yet opened`]);
    expect(view(queue).buttons.map((b) => b.arg)).toEqual([`${reference}#1`]);
    const home = await homeView(ctx(CAST.otherCommittee));
    expect(lines(home)).toContain(`${reference}#1 from CAT to CCPR, Mar 10, 2026: received, not yet opened`);
    expect(home.buttons.map((b) => b.arg)).toContain(`${reference}#1`);
    expect([inbox, queue].map((r) => view(r).sensitive).concat(home.sensitive)).toEqual([false, false, false]);
    // The chair of CCPR sees where it stands, with no button to open it.
    const chairs = await runCommand(ctx(CCPR_CHAIR), 'referrals');
    expect([lines(view(chairs)).length, view(chairs).buttons]).toEqual([1, []]);
    // A member of CAT has no inbox: their home shows none, and the command says why.
    expect(lines(await homeView(ctx(CAST.member)))).not.toContain('Referrals to your committee');
    expect(words(await runCommand(ctx(CAST.member), 'referrals'))).toContain('Only the rapporteurs on reprisals and the chair of a committee see the referrals made to it (G16).');

    const pressed = await runAction(ctx(CAST.otherCommittee), view(inbox).buttons[0]!.action, view(inbox).buttons[0]!.arg);
    expect(words(pressed)).toContain(`What happened: ${NARRATIVE}`);
    expect(words(await runCommand(ctx(CAST.otherCommittee), 'referrals'))).toContain(': opened by your committee');

    // The consent form: informed consent to referral becomes "not known".
    await submitForm(ctx(CAST.rapporteur), ACTIONS.consent, reference, { kind: 'referral', answer: 'unknown', informed: 'no', how: 'oral' }, 'k2');
    await h.services.referralInbox.told();
    expect(h.notifier.to('omar').map((n) => n.kind)).toEqual(['referral.request', 'referral.narrowed']);
    const narrowed = await runAction(ctx(CAST.otherCommittee), ACTIONS.openReferral, `${reference}#1`);
    expect(words(narrowed)).not.toContain(NARRATIVE);
    expect(words(narrowed)).toContain('State party: Norway');

    // No oracle: someone else's referral and one that does not exist read alike.
    const theirs = words(await runAction(ctx(CERD_RAPPORTEUR), ACTIONS.openReferral, `${reference}#1`));
    const none = words(await runAction(ctx(CERD_RAPPORTEUR), ACTIONS.openReferral, `${reference}#9`));
    expect(theirs.replace('#1', '#9')).toBe(none);
    expect(words(await runAction(ctx(CERD_RAPPORTEUR), ACTIONS.openReferral, 'CAT-2026-9999#1')).replace('CAT-2026-9999', reference)).toBe(theirs);
  });
});
