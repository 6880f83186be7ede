import { intakeAnswers } from '../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { reportInDialog } from '../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../support/teams/harness';

/**
 * G22: urgent means urgent. The urgent alert itself can say the matter is in hand (the hourly
 * reminders then never come), and an urgent reminder offers no rest longer than its hour.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const HOUR = 60 * 60 * 1000;
const URGENT = intakeAnswers({ imminentThreat: 'yes' });

describe('G22 on Slack', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb');
  });

  afterEach(async () => {
    await stage.stop();
  });

  const urgentReminders = () => stage.simulator.dmsTo(stage.users.chen.id).filter((m) => m.text.startsWith('URGENT, not yet acknowledged'));

  it('the chair acknowledges from the urgent alert; no hourly reminder follows', async () => {
    const { users, simulator, clock, amparo } = stage;
    await stage.fill('maria', 'report', 'intake', URGENT, `Allegation received: ${REF}`);
    const alert = await simulator.waitFor(() => users.chen.dms().find((m) => m.text.includes(REF)), "the chair's alert");
    expect(textOf(alert.blocks)).toContain('"action_id":"alert.ack"');
    expect(textOf(users.amina.dms().find((m) => m.text.includes(REF))?.blocks)).toContain('"action_id":"alert.ack"');
    await users.chen.press('alert.ack', 'dm', REF);
    await simulator.waitFor(() => textOf(simulator.calls).includes(`Acknowledged: the reminders about ${REF} stop.`), 'the acknowledgement');
    await amparo.services.scheduler.planned();
    clock.advance(3 * HOUR);
    await amparo.services.scheduler.sweep();
    expect(urgentReminders()).toEqual([]);
    const history = (await amparo.store.listEvents((await amparo.store.findCaseByReference(REF))!._id)).map((e) => e.type);
    expect(history).toContain('reminder.acknowledged');
  });

  it('an urgent reminder offers Acknowledge and no day or week of rest; a forged snooze is refused', async () => {
    const { clock, amparo, users } = stage;
    await stage.fill('maria', 'report', 'intake', URGENT, `Allegation received: ${REF}`);
    await amparo.services.scheduler.planned();
    clock.advance(HOUR + 60_000);
    await amparo.services.scheduler.sweep();
    const reminder = urgentReminders()[0];
    expect(reminder).toBeDefined();
    expect(textOf(reminder?.blocks)).toContain('"action_id":"reminder.ack"');
    expect(textOf(reminder?.blocks)).not.toContain('reminder.snooze');
    const id = (await amparo.store.findReminders({ statuses: ['pending'] })).find((r) => r.kind === 'urgent')!._id;
    const chen = amparo.services.people.actor((await amparo.services.people.byIdentity(`slack:${stage.simulator.teamId}:${users.chen.id}`))!);
    await expect(amparo.services.scheduler.snooze(chen, id, 1)).rejects.toMatchObject({ code: 'INVALID_STATE', messageKey: 'errors.reminder.urgent_no_snooze' });
  });

  it('an alert about a case that is not urgent has no such button', async () => {
    const { users, simulator } = stage;
    await stage.fill('maria', 'report', 'intake', intakeAnswers(), `Allegation received: ${REF}`);
    const alert = await simulator.waitFor(() => users.chen.dms().find((m) => m.text.includes(REF)), "the chair's alert");
    expect(textOf(alert.blocks)).not.toContain('alert.ack');
  });
});

describe('G22 on Teams', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('the urgent alert card carries Acknowledge, and pressing it stops the hourly reminders', async () => {
    const { client, users, connector, amparo } = stage;
    const done = await reportInDialog(client, users.maria, URGENT);
    expect(textOf(done.body)).toContain(`Allegation received: ${REF}`);
    const alert = await connector.waitFor(() => connector.calls.find((c) => c.method === 'POST' && textOf(c.body).includes(REF) && textOf(connector.created.get(c.conversationId)).includes(users.chen.aadObjectId)), "the chair's alert card");
    expect(textOf(alert.body)).toMatch(/"verb":"alert\.ack","arg":"CAT-\d{4}-0001"/);
    const pressed = await client.taskFetch(users.chen, { verb: 'alert.ack', arg: REF });
    expect(textOf(pressed.body)).toContain(`Acknowledged: the reminders about ${REF} stop.`);
    await amparo.services.scheduler.planned();
    const c = await amparo.store.findCaseByReference(REF);
    expect(await amparo.store.findReminders({ caseId: c!._id, statuses: ['pending'] })).not.toContainEqual(expect.objectContaining({ kind: 'urgent' }));
  });
});
