import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * Finding a case (G11) in Slack, through the simulator: the chair fills the search form and
 * the matching cases come back in the same modal, each with its Open button; nothing is posted
 * in a channel, and the list names no person and tells no narrative.
 */
const YEAR = new Date().getUTCFullYear();
const NORWAY = `CAT-${YEAR}-0001`;
const DENMARK = `CAT-${YEAR}-0002`;

describe('Slack: finding a case', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G11: the chair searches by State party and risk and opens a case from the answer, in the modal only; a member is refused', async () => {
    const { users, simulator } = stage;
    await stage.fill('maria', 'report', 'intake', intakeAnswers(), `Allegation received: ${NORWAY}`);
    await stage.fill('maria', 'report', 'intake', intakeAnswers({ stateParty: 'Denmark', riskLevel: 'low' }), `Allegation received: ${DENMARK}`);

    await users.chen.command('search');
    const form = await stage.modalWith('chen', '"callback_id":"case.search"');
    expect(textOf(form.view)).toContain('Find a case');
    expect((await users.chen.submit({ stateParty: 'NO', riskLevel: 'high' })).json()).toMatchObject({ response_action: 'update' });
    const answer = await stage.modalWith('chen', '1 case found');
    const shown = textOf(answer.view);
    expect(shown).toContain(NORWAY);
    expect(shown).toContain('Norway');
    expect(shown).toContain(`Open ${NORWAY}`);
    expect(shown).not.toContain(DENMARK);
    for (const hidden of ['Rtyui', 'Fghjk', 'Oslo', 'Signal']) expect(shown).not.toContain(hidden);

    // The Open button shows the case's details, after the permission check, in the modal.
    await users.chen.press('case.open', 'modal', NORWAY);
    await stage.modalWith('chen', 'Rtyui was summoned by the police after the session.');

    await users.maria.command('search');
    await stage.modalWith('maria', 'Only the rapporteurs and the chairs can search cases');
    // Nothing went to a channel: every message Amparo posted is a DM to one person.
    for (const call of simulator.callsOf('chat.postMessage')) expect(String(call.args.channel)).toMatch(/^U0/);
  });
});
