import { dialogActions, dialogStep, reportInDialog } from '../../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * G13 in Teams, through the Bot Connector stand-in: the case dialog's *Record a contact* opens
 * the contact form in the same dialog; once recorded, the case dialog lists the contact with its
 * summary, and nothing the bot posts carries the summary.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const SUMMARY = 'Vbnmq called from a neighbour’s phone; her passport was taken at the airport.';
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: contacts with the person (G13)', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    await reportInDialog(stage.client, stage.users.maria);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G13: Record a contact opens its form in the case dialog; the contact shows in the dialog only', async () => {
    const { client, users, connector } = stage;
    const details = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    const record = dialogActions(details.body).find((a) => a.data?.verb === 'contact.record');
    expect(record?.data).toMatchObject({ arg: REF });
    const form = await client.taskSubmit(users.amina, record?.data ?? {});
    expect(dialogStep(form.body)).toBe('continue');
    expect(text(form.body)).toContain('Input.Date');
    const today = new Date().toISOString().slice(0, 10);
    const saved = await client.taskSubmit(users.amina, { ...(dialogActions(form.body)[0]?.data ?? {}), on: today, means: 'in_person', party: 'person', summary: SUMMARY, nextDueOn: '' });
    expect(text(saved.body)).toContain(`recorded for ${REF}.`);
    expect(text(saved.body)).not.toContain('Vbnmq');

    const again = await client.taskFetch(users.chen, { verb: 'case.open', arg: REF });
    expect(text(again.body)).toContain('Contacts with the person (G13)');
    expect(text(again.body)).toContain(SUMMARY);
    expect(dialogActions(again.body).find((a) => a.data?.verb === 'contact.record')).toBeUndefined();

    expect(text(connector.calls.map((c) => c.body))).not.toContain('Vbnmq');
  });
});
