import { defineCommittee } from '../../../src/domain/committee';
import { person } from '../../support/people';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * G16 and G5e in a Slack workspace, through the simulator: CAT refers a case to CCPR, whose
 * rapporteur finds it in the App Home and with `/amparo referrals`, and opens it in a modal;
 * when the consent to referral narrows she gets a DM that says so and nothing more, and the
 * referral then opens without the narrative.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const NARRATIVE = 'Vwxyz was followed home by plain-clothes officers after speaking in Geneva.';
const SECRETS = ['Vwxyz', 'Plmok', 'Bergen', '4444', 'Qrstu'];

const INTAKE = {
  committee: 'CAT',
  narrative: NARRATIVE,
  incidentDate: '2026-01-15',
  place: 'Bergen',
  stateParty: 'Norway',
  victimKind: 'individual',
  victim: 'Plmok Ijnuh, human rights lawyer',
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: 'Signal +00 4444',
  consentStateContact: 'yes',
  consentPublication: 'unknown',
  consentReferral: 'yes',
  consentInformed: 'yes',
  riskLevel: 'high',
  imminentThreat: 'no',
  genderRisk: 'unknown',
};

describe('Slack: the referral inbox (G16, G5e)', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
    // Nora, a workspace member with no role in CAT, is CCPR's rapporteur on reprisals.
    await stage.amparo.store.saveCommittee(defineCommittee({ _id: 'CCPR', name: 'Human Rights Committee' }));
    await stage.amparo.store.insertPerson({
      ...person('nora', 'rapporteur', { committee: 'CCPR', at: new Date() }),
      displayName: 'Nora Newcomer',
      identityKeys: [`slack:${stage.simulator.teamId}:U0NORA001`],
    });
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G16, G5e: the App Home and /amparo referrals list the referral with its Open button; narrowed consent is told without detail and shows less', async () => {
    const { simulator, users } = stage;
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    await stage.fill('amina', `refer ${REF}`, 'referral.create', { to: 'CCPR', support: 'Qrstu: please raise it in the dialogue.' }, `Referral #1 of ${REF} sent privately`);
    await simulator.waitFor(() => users.nora.dms().find((m) => m.text.includes('Request for support')), "the CCPR rapporteur's alert");

    // The App Home: the referral under her (empty) queue, with its Open button, nothing it shares.
    await users.nora.openHome();
    const home = await simulator.waitFor(() => {
      const published = simulator.homes.get('U0NORA001');
      return published && textOf(published).includes('Referrals to your committee') ? published : undefined;
    }, "the CCPR rapporteur's App Home with her inbox");
    expect(textOf(home)).toMatch(new RegExp(`${REF}#1 from CAT to CCPR, [^"]*: received, not yet opened`));
    expect(textOf(home)).toContain('"action_id":"referral.open"');
    for (const secret of SECRETS) expect(textOf(home)).not.toContain(secret);

    // Opened from the Home: the shared fields, in a modal only.
    await users.nora.press('referral.open', 'home', `${REF}#1`);
    const opened = await stage.modalWith('nora', NARRATIVE);
    expect(textOf(opened.view)).toContain('Qrstu: please raise it in the dialogue.');
    expect(textOf(opened.view)).not.toContain('Plmok');

    // The command answers in a modal, the referral now taken up.
    await users.nora.command('referrals');
    const inbox = await stage.modalWith('nora', 'opened by your committee');
    expect(textOf(inbox.view)).toContain('"action_id":"referral.open"');

    // The rapporteur of CAT records the consent again, the risks no longer explained.
    await stage.fill('amina', `consent ${REF}`, 'consent.update', { kind: 'referral', answer: 'yes', informed: 'no', how: 'oral' }, `Consent recorded for ${REF}.`);
    const notice = await simulator.waitFor(() => users.nora.dms().find((m) => m.text.includes('what you may see has changed')), 'the notice of narrowed consent');
    expect(notice.text).toBe(`Referral #1 of ${REF}: what you may see has changed`);
    expect(textOf(notice.blocks)).toContain('"action_id":"referral.open"');
    for (const secret of SECRETS) expect(textOf(notice.blocks)).not.toContain(secret);
    // Once each: nobody else was told, and Nora once.
    expect(simulator.callsOf('chat.postMessage').filter((c) => textOf(c.args).includes('what you may see has changed')).map((c) => c.args.channel)).toEqual(['U0NORA001']);

    await users.nora.press('referral.open', 'dm', `${REF}#1`);
    const narrowed = await simulator.waitFor(() => {
      const view = simulator.openModal(users.nora.id);
      const text = textOf(view?.view);
      return view && text.includes('Shared with you') && !text.includes('Vwxyz') ? view : undefined;
    }, 'the referral opened under the narrowed consent');
    expect(textOf(narrowed.view)).toContain('State party');
  });
});
