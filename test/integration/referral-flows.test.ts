import { notificationView, runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { MessageView, Reply, Text } from '../../flows/view';
import { defineCommittee } from '../../src/domain/committee';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { assessedCase, CAST, harness, type Harness } from '../support/harness';
import { openStore, type StoreUnderTest } from '../support/stores';

/**
 * G16 as every adapter calls it: `/amparo refer <ref>` and the case's button open a form that
 * says what will be shared; the other committee's rapporteurs get an alert whose one button
 * opens the referral, a private view listing exactly the shared fields.
 */
const viewer = { locale: 'en', timeZone: 'UTC' };
const say = (text: Text | undefined) => (text ? localize(text, viewer) : '');
const words = (reply: Reply): string =>
  reply.kind === 'form'
    ? [say(reply.form.title), say(reply.form.intro), say(reply.formError), ...Object.values(reply.errors).map(say)].join('\n')
    : [say(reply.view.title), ...reply.view.sections.flatMap((s) => [...(s.lines ?? []).map(say), ...(s.fields ?? []).map((f) => `${say(f.label)}: ${say(f.value)}`)])].join('\n');
const view = (reply: Reply): MessageView => {
  if (reply.kind !== 'message') throw new Error(`expected a message, got the form ${reply.form.id}`);
  return reply.view;
};

describe('referral flows (G16)', () => {
  let under: StoreUnderTest;
  let h: Harness;
  const ctx = (person: Person): FlowContext => ({ person, actor: h.actor(person), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (key: string) => ({ displayName: key }) });

  beforeEach(async () => {
    under = await openStore('embedded', 'referral-flows');
    h = await harness(under.store);
    await under.store.saveCommittee(defineCommittee({ _id: 'CED', name: 'Committee on Enforced Disappearances' }));
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('G16: /amparo refer opens a form choosing among the other committees, saying what the consent lets it share', async () => {
    const reference = await assessedCase(h, { consentReferral: 'unknown' });
    const reply = await runCommand(ctx(CAST.rapporteur), `refer ${reference}`);
    expect(reply.kind).toBe('form');
    if (reply.kind !== 'form') return;
    expect(reply.form.fields.find((f) => f.name === 'to')?.options?.map((o) => o.value)).toEqual(['CCPR', 'CED']);
    expect(say(reply.form.intro)).toBe(
      'Consent to referral is not recorded yet, so only anonymous facts are shared: State party, Alleged perpetrator, Risk level, Outcome of the assessment, and Gender-related risk. Record the person’s informed consent first to share the allegation itself (G5e).',
    );
    const informed = await assessedCase(h, { consentReferral: 'yes', consentInformed: 'yes' });
    expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.refer, informed))).toContain('will see State party, Alleged perpetrator, Risk level, Outcome of the assessment, Gender-related risk, and What happened. Never the name');
  });

  it('G5e: the person said no to referral: refused before anything is typed, and no button offers it', async () => {
    const reference = await assessedCase(h, { consentReferral: 'no' });
    expect(words(await runCommand(ctx(CAST.rapporteur), `refer ${reference}`))).toBe(
      `The person said no to referral of ${reference} (G5e): nothing can be shared with another committee. If they change their mind, record their consent first.`,
    );
    expect(view(await runAction(ctx(CAST.rapporteur), ACTIONS.openCase, reference)).buttons.map((b) => b.action)).not.toContain(ACTIONS.refer);
    expect(words(await runCommand(ctx(CAST.chair), `refer ${reference}`))).toBe(`Only a rapporteur of the committee can refer ${reference} to another committee.`);
  });

  it('G16: refer, the alert to the other committee, and the shared view opened from its button', async () => {
    const reference = await assessedCase(h, { consentReferral: 'unknown' });
    expect(view(await runAction(ctx(CAST.rapporteur), ACTIONS.openCase, reference)).buttons.map((b) => b.action)).toContain(ACTIONS.refer);
    const done = await submitForm(ctx(CAST.rapporteur), ACTIONS.refer, reference, { to: 'CCPR', support: 'Please raise it in the dialogue.' }, 'k1');
    expect(words(done)).toMatch(new RegExp(`^Referral #1 of ${reference} sent privately to the rapporteur of CCPR\\.`));

    const alert = h.notifier.to('omar')[0];
    expect(alert?.kind).toBe('referral.request');
    const shown = notificationView(alert!);
    expect(say(shown.title)).toBe(`Request for support from CAT: ${reference}`);
    expect([shown.sensitive, shown.buttons.map((b) => [b.action, b.arg])]).toEqual([false, [[ACTIONS.openReferral, `${reference}#1`]]]);

    const opened = await runAction(ctx(CAST.otherCommittee), ACTIONS.openReferral, `${reference}#1`);
    expect(view(opened).sensitive).toBe(true);
    const shared = view(opened).sections[1]?.fields?.map((f) => `${say(f.label)}: ${say(f.value)}`);
    expect(shared).toEqual(['State party: Norway', 'Alleged perpetrator: State actor', 'Risk level: High', 'Outcome of the assessment: Substantiated', 'Gender-related risk: Unknown']);
    expect(words(opened)).toContain('Support requested: Please raise it in the dialogue.');
    expect(words(opened)).not.toMatch(/Detained|Ingrid|Oslo|lawyer/);
    // The case itself stays closed to them.
    expect(words(await runAction(ctx(CAST.otherCommittee), ACTIONS.openCase, reference))).toBe(`There is no case ${reference} that you can see: either it does not exist, or you have no part in it.`);
    expect(words(await runAction(ctx(CAST.otherCommittee), ACTIONS.openReferral, `${reference}#2`))).toBe(`There is no referral #2 of ${reference} that you can open: either it does not exist, or it was not sent to your committee.`);
    expect(words(await runAction(ctx(CAST.otherCommittee), ACTIONS.openReferral, 'nonsense'))).toContain('does not name a referral');
    // The case's history says it was referred, and to whom.
    expect(words(await runAction(ctx(CAST.rapporteur), ACTIONS.openCase, reference))).toContain('referred the case to CCPR (referral #1, G16)');
  });

  it('a missing request or a committee with no rapporteur: the form comes back with everything typed', async () => {
    const reference = await assessedCase(h, { consentReferral: 'yes' });
    const empty = await submitForm(ctx(CAST.rapporteur), ACTIONS.refer, reference, { to: 'CCPR', support: '  ' }, 'k1');
    expect(empty.kind === 'form' && Object.keys(empty.errors)).toEqual(['support']);
    const nobody = await submitForm(ctx(CAST.rapporteur), ACTIONS.refer, reference, { to: 'CED', support: 'Help.' }, 'k2');
    expect(nobody.kind === 'form' && [say(nobody.formError), nobody.values]).toEqual([
      'CED has no rapporteur on reprisals at the moment, so nobody could receive the referral. Nothing was sent or recorded.',
      { to: 'CED', support: 'Help.' },
    ]);
    expect((await under.store.findCaseByReference(reference))?.referrals).toBeUndefined();
  });
});
