import { captureLogs, type CapturedLogs } from '../../support/log-capture';
import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * G10, G11 in a Slack workspace, through the simulator, every logger at trace level: the member
 * who reported a case adds new information from the status modal; the rapporteurs and the chair
 * get a DM saying that it arrived, without its content; they read it in the case modal. A new
 * incident on a closed case gives the chair's DM a Reopen button that opens the reopening form.
 * The text appears in those private modals only: in no DM, no response, no log line and not in
 * the register.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const TEXT = 'Qwmzx was summoned again by Plkjh officers and told to stop writing to Geneva.';
const WORDS = ['Qwmzx', 'Plkjh', 'summoned'];

const INTAKE = intakeAnswers({ narrative: 'Followed home by plain-clothes officers after speaking at the session.', incidentDate: '', place: '', victim: 'Plmok Ijnuh', sourceContact: '', consentPublication: 'unknown' });

describe('Slack: new information on a case (G10, G11)', () => {
  let stage: SlackStage;
  let logs: CapturedLogs;

  beforeEach(async () => {
    logs = captureLogs('trace');
    stage = await slackStage('embedded', 'http', logs.logger);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: the reporter adds a new incident to a closed case; the rapporteurs and the chair are told without its content, and the chair reopens from the DM', async () => {
    const { simulator, users, clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', INTAKE, `Allegation received: ${REF}`);
    await stage.fill('chen', `close ${REF}`, 'case.close', { reason: 'other', closureNote: '' }, `Case ${REF} closed.`);
    const alertsBefore = simulator.callsOf('chat.postMessage').length;

    // The reporter's status modal offers the button; the form opens in the modal.
    await users.maria.command(`case ${REF}`);
    const status = await stage.modalWith('maria', '"action_id":"information.add"');
    expect(textOf(status.view)).toContain('Add information');
    await users.maria.press('information.add', 'modal', REF);
    const form = await stage.modalWith('maria', '"callback_id":"information.add"');
    expect(textOf(form.view)).toContain('"type":"datepicker"');
    // A new incident without its date is refused on its field at once, nothing lost.
    const refused = (await users.maria.submit({ text: TEXT, source: 'person', channel: 'oral', newIncident: 'yes', incidentOn: '' })).json();
    expect(refused).toMatchObject({ response_action: 'errors', errors: { incidentOn: 'Give the date of the new incident.' } });
    const today = clock.now().toISOString().slice(0, 10);
    const accepted = (await users.maria.submit({ text: TEXT, source: 'person', channel: 'oral', newIncident: 'yes', incidentOn: today })).json();
    expect(accepted.response_action).toBe('update');
    await stage.modalWith('maria', `Information added to ${REF}.`);

    // G10: each rapporteur and the chair get one DM: the reference, a new incident, by whom; no content.
    const told = await simulator.waitFor(() => {
      const to = simulator.callsOf('chat.postMessage').slice(alertsBefore).map((c) => String(c.args.channel));
      return ['U0AMINA01', 'U0LUCAS01', 'U0CHEN001'].every((u) => to.includes(u)) ? to : undefined;
    }, 'the alerts of new information');
    expect(told.sort()).toEqual(['U0AMINA01', 'U0CHEN001', 'U0LUCAS01']);
    const alert = users.chen.dms().at(-1);
    expect(alert?.text).toBe(`New incident reported on ${REF}`);
    expect(textOf(alert?.blocks)).toContain('the member who reported the case reported a new incident');
    expect(textOf(alert?.blocks)).toContain('The case is closed: reopen it if the new incident calls for it.');

    // The rapporteur reads it in the case modal, opened from the alert.
    await users.amina.press('case.open', 'dm', REF);
    const details = await stage.modalWith('amina', 'Information added since the report (G10, G11)');
    expect(textOf(details.view)).toContain(TEXT);
    expect(textOf(details.view)).toContain('The person or group at risk — Orally — added by Maria Member, the member who reported the case; new incident on');

    // The reporter, opening the case again, sees its status only.
    await users.maria.command(`case ${REF}`);
    const again = await stage.modalWith('maria', 'Add information');
    expect(textOf(again.view)).not.toMatch(/Qwmzx|Information added since/);

    // G10: the Reopen button of the chair's DM opens the existing reopening form.
    await users.chen.press('case.reopen', 'dm', REF);
    await stage.modalWith('chen', '"callback_id":"case.reopen"');
    const reopened = (await users.chen.submit({ reopeningNote: 'A new incident was reported.' })).json();
    expect(reopened.response_action).toBe('update');
    await stage.modalWith('chen', `Case ${REF} reopened.`);
    expect((await amparo.store.findCaseByReference(REF))?.status).not.toBe('closed');

    // A reply from the State party, typed this time, whose alerts Slack refuses: the failures are logged, with ids only.
    simulator.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, 3);
    await stage.fill('maria', `add-info ${REF}`, 'information.add', { text: `${TEXT} The State party denies it.`, source: 'state_party', channel: 'written', newIncident: 'no', incidentOn: '' }, `Information added to ${REF}.`);
    await simulator.waitFor(() => logs.text().includes('notification failed') || undefined, 'the failed alerts logged');

    // The text is in those modals only: in no DM, no response, no log line, not in the register.
    const modalCalls = new Set(['views.open', 'views.update', 'views.push']);
    const chat = textOf([...simulator.calls.filter((c) => !modalCalls.has(c.method)).map((c) => c.args), ...simulator.responses]);
    expect(chat).toContain(REF);
    const logged = logs.text();
    expect(logged).toContain(REF);
    for (const word of WORDS) {
      expect(chat).not.toContain(word);
      expect(logged).not.toContain(word);
    }
    const modalsWithText = simulator.calls.filter((c) => modalCalls.has(c.method) && textOf(c.args.view).includes('Qwmzx'));
    const shownTo = new Set(modalsWithText.map((call) => simulator.views.get(String(call.args.view_id))?.user));
    expect(shownTo.has('U0AMINA01')).toBe(true);
    // Nobody else's modal: the reporter's own form at most.
    for (const user of shownTo) expect(['U0MARIA01', 'U0AMINA01']).toContain(user);
    const c = await amparo.store.findCaseByReference(REF);
    const register = await amparo.store.listEvents(c?._id as string);
    expect(register.filter((e) => e.type === 'information.added')).toHaveLength(2);
    expect(textOf(register)).not.toMatch(/Qwmzx|Plkjh|summoned/);
  });
});
