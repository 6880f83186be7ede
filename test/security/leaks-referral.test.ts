import { defineCommittee } from '../../src/domain/committee';
import type { Person } from '../../src/domain/roles';
import { captureLogs, type CapturedLogs } from '../support/log-capture';
import { person } from '../support/people';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { intakeAnswers } from '../support/slack/answers';

/**
 * G16 with G5e, G11: a referral from CAT to CCPR through the real Slack adapter, every logger
 * at trace level. The rapporteur refers from a modal; CCPR's rapporteur gets a DM with the
 * reference and one button, and reads what is shared in a modal only. No log line and no chat
 * message holds a word typed; the source and the victim's name reach not even the modal.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const SECRETS = {
  narrative: 'Qzxwv was beaten by Kjhgf officers after testifying at the session.',
  victim: 'Wpoiu Mnbvc Lkjhg',
  place: 'Trondhjemsvej 77',
  sourceContact: 'Signal +00 7777 3131',
};
const SUPPORT = 'Raise Zrtyq in the dialogue with Ghjkl.';
const OMAR = { id: 'U0OMAR001', name: 'Omar Rapporteur' };

describe('logs and chat during a referral (G16)', () => {
  let stage: SlackStage;
  let logs: CapturedLogs;

  beforeEach(async () => {
    logs = captureLogs('trace');
    stage = await slackStage('embedded', 'http', logs.logger);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G16, G11: the other committee reads the shared facts in a modal only; no typed word reaches a log or a chat message', async () => {
    const { users, simulator, amparo, workspace } = stage;
    await amparo.store.saveCommittee(defineCommittee({ _id: 'CCPR', name: 'Human Rights Committee' }));
    simulator.addUser({ id: OMAR.id, name: 'omar', real_name: OMAR.name, tz: 'UTC', locale: 'en-US' });
    const omarPerson: Person = { ...person('omar', 'rapporteur', { committee: 'CCPR', at: new Date() }), displayName: OMAR.name, identityKeys: [`slack:${simulator.teamId}:${OMAR.id}`] };
    await amparo.store.insertPerson(omarPerson);
    const omar = workspace.user(OMAR.id);

    await stage.fill(
      'maria',
      'report',
      'intake',
      intakeAnswers({ ...SECRETS, incidentDate: '2026-01-15', confidential: 'yes', consentReferral: 'yes', genderRisk: 'yes' }),
      `Allegation received: ${REF}`,
    );
    await users.amina.command(`refer ${REF}`);
    const form = await stage.modalWith('amina', '"callback_id":"referral.create"');
    expect(textOf(form.view)).toContain('will see State party');
    await users.amina.submit({ to: 'CCPR', support: SUPPORT });
    await stage.modalWith('amina', `Referral #1 of ${REF} sent privately to the rapporteur of CCPR.`);

    const alert = await simulator.waitFor(() => omar.dms()[0], 'the referral alert to CCPR');
    expect(alert.text).toBe(`Request for support from CAT: ${REF}`);
    expect(textOf(alert.blocks)).not.toContain('case.open'); // the case itself is not theirs to open
    await omar.press('referral.open', 'dm', `${REF}#1`);
    const shared = await simulator.waitFor(() => {
      const view = simulator.openModal(OMAR.id);
      return view !== undefined && textOf(view.view).includes(SECRETS.narrative) ? view : undefined;
    }, 'the referral in a modal');
    const modal = textOf(shared.view);
    expect(modal).toContain('Amparo — confidential');
    expect(modal).toContain('Zrtyq');
    for (const secret of [SECRETS.victim, SECRETS.place, SECRETS.sourceContact]) expect(modal).not.toContain(secret);
    const c = await amparo.store.findCaseByReference(REF);
    expect((await amparo.store.listEvents(c?._id as string)).map((e) => e.type)).toEqual(expect.arrayContaining(['case.referred', 'referral.opened']));

    const modalCalls = new Set(['views.open', 'views.update', 'views.push']);
    const chat = textOf([...simulator.calls.filter((call) => !modalCalls.has(call.method)).map((call) => call.args), ...simulator.responses]);
    expect(chat).toContain(REF);
    const logged = logs.text();
    for (const secret of [...Object.values(SECRETS), SUPPORT]) {
      for (const word of secret.split(/[\s.,]+/).filter((w) => w.length >= 5 && /^[A-Z][a-z]+$|^\d+$/.test(w))) {
        expect(logged).not.toContain(word);
        expect(chat).not.toContain(word);
      }
      expect(logged).not.toContain(secret);
      expect(chat).not.toContain(secret);
    }
  });
});
