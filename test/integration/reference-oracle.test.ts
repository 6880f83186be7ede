import { runAction, runCommand, submitForm, type FlowContext } from '../../flows';
import { ACTIONS } from '../../flows/actions';
import { localize } from '../../flows/localize';
import type { Reply } from '../../flows/view';
import type { Person } from '../../src/domain/roles';
import { silentLogger } from '../../src/logger';
import { assessedCase, CAST, harness, type Harness } from '../support/harness';
import { person } from '../support/people';
import { openStore, STORE_KINDS, type StoreUnderTest } from '../support/stores';

/**
 * No oracle on references (G11, G18): someone with no part in a case gets exactly the answer
 * they would get for a reference that does not exist, so nobody can count a committee's cases
 * of a year, or learn that one was referred, by trying references.
 */
const NOBODY = 'CAT-2026-0999';
const viewer = { locale: 'en', timeZone: 'UTC' };

/** The reply as the person receives it, with the reference asked about made neutral. */
function answer(reply: Reply, reference: string): string {
  return JSON.stringify(reply).replaceAll(reference, '<ref>');
}

describe.each(STORE_KINDS)('references without an oracle on the %s store', (kind) => {
  let under: StoreUnderTest;
  let h: Harness;
  let reference: string;
  const ctx = (who: Person): FlowContext => ({ person: who, actor: h.actor(who), locale: 'en', timeZone: 'UTC', services: h.services, logger: silentLogger, profileOf: async (k: string) => ({ displayName: k }) });
  const CERD_RAPPORTEUR = person('rene', 'rapporteur', { committee: 'CERD' });
  const outsiders = (): Array<[string, Person]> => [
    ['the security focal point of the committee', CAST.security],
    ['a country rapporteur not consulted', person('kim', 'country_rapporteur', { stateParty: 'IS' })],
    ['a former rapporteur', CAST.formerRapporteur],
    ['a rapporteur of another committee', CAST.otherCommittee],
  ];

  beforeEach(async () => {
    under = await openStore(kind, 'oracle');
    h = await harness(under.store);
    await h.store.insertPerson(CERD_RAPPORTEUR);
    await h.store.insertPerson(person('kim', 'country_rapporteur', { stateParty: 'IS' }));
    reference = await assessedCase(h, { consentReferral: 'yes' });
    const { proposal } = await h.services.cases.propose(h.actor(CAST.rapporteur), reference, { type: 'G19', details: 'letter', doNoHarm: 'low exposure' });
    expect(proposal.number).toBe(1);
    await h.services.referrals.refer(h.actor(CAST.rapporteur), reference, { to: 'CCPR', support: 'Please raise it.' });
  });

  afterEach(async () => {
    await under.dispose();
  });

  it('someone else\'s case and a case that does not exist get the same answer, through every command, button and form', async () => {
    const asked: Array<[string, (ref: string) => Promise<Reply>]> = [
      ['case', (ref) => runCommand(ctx(CAST.security), `case ${ref}`)],
      ['open button', (ref) => runAction(ctx(CAST.security), ACTIONS.openCase, ref)],
      ['assess', (ref) => runAction(ctx(CAST.security), ACTIONS.startAssessment, ref)],
      ['sources form', (ref) => runAction(ctx(CAST.security), ACTIONS.recordSources, ref)],
      ['approve', (ref) => runAction(ctx(CAST.security), ACTIONS.approve, `${ref}#1`)],
      ['plenary form', (ref) => runAction(ctx(CAST.security), ACTIONS.plenary, `${ref}#1`)],
      ['close, submitted', (ref) => submitForm(ctx(CAST.security), ACTIONS.close, ref, { reason: 'other', closureNote: '' }, 'k')],
      ['referral', (ref) => runAction(ctx(CAST.security), ACTIONS.openReferral, `${ref}#1`)],
    ];
    for (const [what, ask] of asked) {
      const existing = answer(await ask(reference), reference);
      const missing = answer(await ask(NOBODY), NOBODY);
      expect({ what, existing }).toEqual({ what, existing: missing });
    }
    const said = await runCommand(ctx(CAST.security), `case ${reference}`);
    expect(said.kind === 'message' && localize(said.view.title, viewer)).toBe(`There is no case ${reference} that you can see: either it does not exist, or you have no part in it.`);
  });

  it('every kind of outsider, at the services: the same code, message and variables', async () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: unknown) => JSON.stringify(error, ['code', 'messageKey', 'vars', 'reference', 'number']));
    for (const [who, outsider] of outsiders()) {
      const actor = h.actor(outsider);
      const pairs: Array<[string, (ref: string) => Promise<unknown>]> = [
        ['load', (ref) => h.services.cases.load(actor, ref, 'open')],
        ['open', (ref) => h.services.reader.open(actor, ref)],
        ['status', (ref) => h.services.reader.status(actor, ref)],
        ['show', (ref) => h.services.reader.show(actor, ref)],
        ['decide', (ref) => h.services.cases.decide(actor, ref, 'p', 'approved', 'chair', '')],
        // The referral went to CCPR: its rapporteur opens it (below); everyone else is an outsider.
        ...(outsider === CAST.otherCommittee ? [] : [['referral', (ref: string) => h.services.referrals.open(actor, ref, 1)] as [string, (ref: string) => Promise<unknown>]]),
      ];
      for (const [what, ask] of pairs) {
        const existing = (await refusal(ask(reference))).replaceAll(reference, '<ref>');
        const missing = (await refusal(ask(NOBODY))).replaceAll(NOBODY, '<ref>');
        expect({ who, what, existing }).toEqual({ who, what, existing: missing });
        expect(existing).toContain('NOT_FOUND');
      }
    }
    await expect(h.services.referrals.open(h.actor(CAST.otherCommittee), reference, 1)).resolves.toMatchObject({ reference, from: 'CAT' });
  });

  it('a referral to another committee answers its outsiders as if it did not exist; a number never sent, likewise', async () => {
    for (const outsider of [CERD_RAPPORTEUR, CAST.security, CAST.member]) {
      const existing = answer(await runAction(ctx(outsider), ACTIONS.openReferral, `${reference}#1`), reference);
      expect(existing).toBe(answer(await runAction(ctx(outsider), ACTIONS.openReferral, `${NOBODY}#1`), NOBODY));
      expect(existing).toBe(answer(await runAction(ctx(outsider), ACTIONS.openReferral, `${reference}#7`), reference).replace('#7', '#1').replace('"number":7', '"number":1'));
    }
    const said = await runAction(ctx(CERD_RAPPORTEUR), ACTIONS.openReferral, `${reference}#1`);
    expect(said.kind === 'message' && localize(said.view.title, viewer)).toBe(`There is no referral #1 of ${reference} that you can open: either it does not exist, or it was not sent to your committee.`);
    // The committee it was sent to opens it.
    const opened = await runAction(ctx(CAST.otherCommittee), ACTIONS.openReferral, `${reference}#1`);
    expect(opened.kind === 'message' && opened.view.sensitive).toBe(true);
  });

  it('the member who reported the case still sees its status, and is told plainly what they may not do', async () => {
    const shown = await runCommand(ctx(CAST.member), `case ${reference}`);
    expect(shown.kind === 'message' && localize(shown.view.title, viewer)).toBe(`Your report ${reference}`);
    expect(await h.services.reader.status(h.actor(CAST.member), reference)).toEqual({ reference, status: 'assessed', alleged: false });
    const approve = await runAction(ctx(CAST.member), ACTIONS.approve, `${reference}#1`);
    expect(approve.kind === 'message' && localize(approve.view.title, viewer)).toBe(`Only the chair can decide on proposals for ${reference}.`);
    // A rapporteur of the committee, who may open the case, is told which proposal is missing.
    const missing = await runAction(ctx(CAST.rapporteur), ACTIONS.openReferral, `${reference}#7`);
    expect(missing.kind === 'message' && localize(missing.view.title, viewer)).toContain(`#7 of ${reference}`);
  });
});
