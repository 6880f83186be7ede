import { DAY, TestClock } from '../support/clock';
import { intakeAnswers } from '../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../support/slack/harness';
import { reportInDialog } from '../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../support/teams/harness';

/**
 * Messages that tell the truth: once a reminder series is acknowledged, every reminder of it
 * already shown (to that person or to another) says so and offers no button; once the chair
 * asks for more on a proposal, the message that asked for the decision says so too.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

describe('Slack: messages brought up to date', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb');
    await stage.fill('maria', 'report', 'intake', intakeAnswers(), `Allegation received: ${REF}`);
    await stage.amparo.services.scheduler.planned();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('after Acknowledge, every reminder of the series already shown says who acknowledged, with no button left', async () => {
    const { users, simulator, clock, amparo } = stage;
    // Five days on, at 10:00 UTC: the assessment falls due, in daytime for everyone.
    const due10 = new Date(clock.now().getTime() + 5 * DAY + 60_000);
    due10.setUTCHours(10, 0, 0, 0);
    if (due10.getTime() < clock.now().getTime() + 5 * DAY) due10.setUTCDate(due10.getUTCDate() + 1);
    clock.advance(due10.getTime() - clock.now().getTime());
    await amparo.services.scheduler.sweep();
    const due = (who: typeof users.amina) => who.dms().find((m) => m.text.startsWith('Assessment due soon'));
    const amina = await simulator.waitFor(() => due(users.amina), "Amina's reminder");
    const lucas = await simulator.waitFor(() => due(users.lucas), "Lucas's reminder");
    expect(textOf(amina.blocks)).toContain('reminder.snooze');
    const id = /"action_id":"reminder\.ack"[^}]*"value":"([^"]+)"/.exec(textOf(lucas.blocks))?.[1];
    await users.lucas.press('reminder.ack', 'dm', id);
    const updated = await simulator.waitFor(() => simulator.callsOf('chat.update').find((u) => u.args.ts === amina.ts), "Amina's reminder brought up to date");
    expect(textOf(updated.args)).toContain('Acknowledged by Lucas Rapporteur');
    expect(textOf(updated.args)).not.toContain('"action_id"');
  });

  it('after Ask for more, the message that asked the chair for a decision says so, with no button left', async () => {
    const { users, simulator, amparo } = stage;
    const rapporteur = amparo.services.people.actor((await amparo.store.findPersonByIdentity(`slack:${simulator.teamId}:${users.amina.id}`))!);
    await amparo.services.cases.recordSources(rapporteur, REF, ['secretariat'], '');
    await amparo.services.cases.consultCountryRapporteur(rapporteur, REF, stage.people.olga._id, '');
    await amparo.services.cases.recordOutcome(rapporteur, REF, 'substantiated', 'followed');
    await amparo.services.cases.propose(rapporteur, REF, { type: 'G19', details: 'letter', doNoHarm: 'low exposure', deadlineDays: 30 });
    const asking = await simulator.waitFor(() => users.chen.dms().find((m) => textOf(m.blocks).includes('"action_id":"decision.more"')), 'the proposal message');
    await users.chen.press('decision.more', 'dm', `${REF}#1`);
    await stage.modalWith('chen', '"callback_id":"decision.more"');
    expect((await users.chen.submit({ note: 'Which mission?' })).json()).toMatchObject({ response_action: 'update' });
    const updated = await simulator.waitFor(() => simulator.callsOf('chat.update').find((u) => u.args.ts === asking.ts), 'the proposal message brought up to date');
    expect(textOf(updated.args)).toMatch(/more information requested by Chen Chair on .*under the authority of the chair/);
    expect(textOf(updated.args)).not.toContain('"action_id":"decision.approve"');
  });
});

describe('Teams: messages brought up to date', () => {
  let stage: TeamsStage;

  const clock = new TestClock(new Date());

  beforeEach(async () => {
    stage = await teamsStage({ clock });
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('after Acknowledge, the other rapporteur\'s reminder card is replaced by one saying so, with no button', async () => {
    const { client, users, connector, amparo } = stage;
    await reportInDialog(client, users.maria);
    await amparo.services.scheduler.planned();
    // Five days on, at 10:00 UTC: the assessment falls due, in daytime for everyone.
    const due10 = new Date(clock.now().getTime() + 5 * DAY + 60_000);
    due10.setUTCHours(10, 0, 0, 0);
    if (due10.getTime() < clock.now().getTime() + 5 * DAY) due10.setUTCDate(due10.getUTCDate() + 1);
    clock.advance(due10.getTime() - clock.now().getTime());
    await amparo.services.scheduler.sweep();
    const reminders = (await amparo.store.findReminders({ statuses: ['sent'] })).filter((r) => r.kind === 'assessment_due');
    expect(reminders.map((r) => r.message?.activityId)).not.toContain(undefined);
    const lucas = reminders.find((r) => r.recipientId === stage.people.lucas._id)!;
    const amina = reminders.find((r) => r.recipientId === stage.people.amina._id)!;
    const pressed = await client.taskFetch(users.lucas, { verb: 'reminder.ack', arg: lucas._id });
    expect(JSON.stringify(pressed.body)).toContain('Acknowledged');
    const replaced = await connector.waitFor(() => connector.calls.find((c) => c.method === 'PUT' && c.activityId === amina.message?.activityId), "Amina's card replaced");
    expect(JSON.stringify(replaced.body)).toContain('Acknowledged by Lucas Rapporteur');
    expect(JSON.stringify(replaced.body)).not.toContain('reminder.snooze');
  });
});
