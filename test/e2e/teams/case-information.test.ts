import { dialogActions, dialogStep, reportInDialog } from '../../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * G10, G11 in Teams, through the Bot Connector stand-in: the reporter's status dialog offers
 * *Add information*, which opens the form in the same dialog; once added, the rapporteurs and the
 * chair are sent a card without the text, and the case dialog lists it for the rapporteur.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const TEXT = 'Lkjhq received a second anonymous threat after the dialogue with the Committee.';
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: new information on a case (G10, G11)', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    await reportInDialog(stage.client, stage.users.maria);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: Add information opens its form in the reporter\'s status dialog; the alerts carry no text; the rapporteur reads it in the case dialog', async () => {
    const { client, users, connector } = stage;
    const status = await client.taskFetch(users.maria, { verb: 'case.open', arg: REF });
    const add = dialogActions(status.body).find((a) => a.data?.verb === 'information.add');
    expect(add?.data).toMatchObject({ arg: REF });
    const form = await client.taskSubmit(users.maria, add?.data ?? {});
    expect(dialogStep(form.body)).toBe('continue');
    expect(text(form.body)).toContain('Input.Date');
    const today = new Date().toISOString().slice(0, 10);
    const saved = await client.taskSubmit(users.maria, { ...(dialogActions(form.body)[0]?.data ?? {}), text: TEXT, source: 'ngo', channel: 'written', newIncident: 'yes', incidentOn: today });
    expect(text(saved.body)).toContain(`Information added to ${REF}.`);
    expect(text(saved.body)).not.toContain('Lkjhq');

    const details = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    expect(text(details.body)).toContain('Information added since the report (G10, G11)');
    expect(text(details.body)).toContain(TEXT);

    const posted = text(connector.calls.map((c) => c.body));
    expect(posted).toContain(`New incident reported on ${REF}`);
    expect(posted).not.toContain('Lkjhq');
  });
});
