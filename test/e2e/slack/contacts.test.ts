import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * G13 in a Slack workspace, through the simulator: the rapporteur records a contact with the
 * person's representative from the case modal's button, and sees it when the case is opened
 * again. The summary appears in that private modal only: in no message, no DM, no response
 * and not in the register.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const SUMMARY = 'Ykwz is hiding with relatives near Tromsø and asks that nothing be sent yet.';

const INTAKE = intakeAnswers({ narrative: 'Followed home by plain-clothes officers after speaking at the session.', incidentDate: '', place: '', victim: 'Plmok Ijnuh', sourceContact: '', consentPublication: 'unknown' });

describe('Slack: contacts with the person (G13)', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G13: a rapporteur records a contact from the case modal and sees it there; the summary is never in a message or the register', async () => {
    const { simulator, users, clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    const today = clock.now().toISOString().slice(0, 10);
    const next = new Date(clock.now().getTime() + 14 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

    // The case modal offers the button; pressing it opens the form in the modal.
    await users.amina.command(`case ${REF}`);
    const opened = await stage.modalWith('amina', '"action_id":"contact.record"');
    expect(textOf(opened.view)).toContain('Record a contact');
    await users.amina.press('contact.record', 'modal', REF);
    const form = await stage.modalWith('amina', '"callback_id":"contact.record"');
    expect(textOf(form.view)).toContain('"type":"datepicker"');
    const accepted = (await users.amina.submit({ on: today, means: 'secure_messaging', party: 'representative', summary: SUMMARY, nextDueOn: next })).json();
    expect(accepted.response_action).toBe('update');
    await stage.modalWith('amina', `recorded for ${REF}.`);

    // Typed words open the same form.
    await users.amina.command(`contact ${REF}`);
    await stage.modalWith('amina', '"callback_id":"contact.record"');

    // Opened again, the case lists the contact with its summary, in the modal only.
    await users.amina.command(`case ${REF}`);
    const details = await stage.modalWith('amina', 'Contacts with the person (G13)');
    expect(textOf(details.view)).toContain(SUMMARY);
    expect(textOf(details.view)).toContain('Secure messaging — Their representative — recorded by');

    // The chair reads it too, and has no button to record one.
    await users.chen.command(`case ${REF}`);
    const chair = await stage.modalWith('chen', 'Contacts with the person (G13)');
    expect(textOf(chair.view)).toContain(SUMMARY);
    expect(textOf(chair.view)).not.toContain('"action_id":"contact.record"');

    // Nothing posted anywhere carries the summary; the register says only that a contact was recorded.
    const posted = [...simulator.callsOf('chat.postMessage'), ...simulator.callsOf('chat.update'), ...simulator.callsOf('chat.postEphemeral'), ...simulator.callsOf('views.publish')];
    expect(textOf([...posted.map((call) => call.args), ...simulator.responses])).not.toMatch(/Ykwz|Tromsø/);
    const modalsWithSummary = [...simulator.callsOf('views.update'), ...simulator.callsOf('views.open')].filter((call) => textOf(call.args.view).includes('Ykwz'));
    expect(new Set(modalsWithSummary.map((call) => simulator.views.get(String(call.args.view_id))?.user))).toEqual(new Set(['U0AMINA01', 'U0CHEN001']));
    const c = await amparo.store.findCaseByReference(REF);
    const register = await amparo.store.listEvents(c?._id as string);
    expect(register.filter((e) => e.type === 'contact.recorded')).toHaveLength(1);
    expect(textOf(register)).not.toContain('Ykwz');
  });
});
