import { dialogActions, reportInDialog } from '../../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * G10, G12 in Teams, through the Bot Connector stand-in: the rapporteurs' alert cards offer
 * "Take the lead"; Amina takes it in a dialog; every alert card already sent is replaced to say
 * who leads; Lucas is told who leads; the chair gives the lead to Lucas in a form, and Lucas is
 * told privately.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: a lead rapporteur per case (G12)', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    await reportInDialog(stage.client, stage.users.maria);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10, G12: Take the lead from the alert; the alert cards are replaced to say who leads; the chair hands the lead to another', async () => {
    const { client, users, connector, people } = stage;
    const alerts = () => connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && text(c.body).includes(`New allegation of intimidation or reprisals: ${REF}`));
    await connector.waitFor(() => (alerts().length >= 3 ? alerts() : undefined), 'the alerts');
    expect(alerts().filter((c) => text(c.body).includes('"verb":"lead.take"'))).toHaveLength(2);

    const taken = await client.taskFetch(users.amina, { verb: 'lead.take', arg: REF });
    expect(text(taken.body)).toContain(`You lead on ${REF} now.`);
    const replaced = await connector.waitFor(() => {
      const puts = connector.calls.filter((c) => c.method === 'PUT' && text(c.body).includes('leads on this case since'));
      return puts.length >= 3 ? puts : undefined;
    }, 'the alert cards replaced');
    for (const put of replaced) expect(text(put.body)).not.toContain('"verb":"lead.take"');

    const second = await client.taskFetch(users.lucas, { verb: 'lead.take', arg: REF });
    expect(text(second.body)).toContain(`already leads on ${REF}.`);

    // The chair gives the lead to Lucas: the form lists the committee's rapporteurs but the lead.
    const form = await client.taskFetch(users.chen, { verb: 'lead.assign', arg: REF });
    expect(text(form.body)).toContain('Hand over the lead');
    expect(text(form.body)).toContain(people.lucas._id);
    expect(text(form.body)).not.toContain(`"value":"${people.amina._id}"`);
    const saved = await client.taskSubmit(users.chen, { ...(dialogActions(form.body)[0]?.data ?? {}), to: people.lucas._id });
    expect(text(saved.body)).toContain(`leads on ${REF} now, and is told privately.`);
    await connector.waitFor(() => connector.calls.find((c) => c.method === 'POST' && text(c.body).includes(`You lead on ${REF} now`)), 'the new lead told');

    const c = await stage.amparo.store.findCaseByReference(REF);
    expect(c?.lead?.personId).toBe(people.lucas._id);
    const register = await stage.amparo.store.listEvents(c?._id as string);
    expect(register.filter((e) => e.type.startsWith('lead.')).map((e) => e.type)).toEqual(['lead.taken', 'lead.assigned']);
  });
});
