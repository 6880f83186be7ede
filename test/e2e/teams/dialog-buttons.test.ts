import { dialogActions, dialogStep, reportInDialog } from '../../support/teams/dialogs';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * Inside a dialog, Teams sends a pressed button as a dialog submission carrying the button's
 * data. The case dialog's buttons then do what they say: the next form opens in the same
 * dialog, or the result shows there.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: the buttons inside the case dialog', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    await reportInDialog(stage.client, stage.users.maria);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('Start assessment starts it, and Record sources opens its form, in the same dialog', async () => {
    const { client, users, amparo } = stage;
    const details = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    const start = dialogActions(details.body).find((a) => a.data?.verb === 'assessment.start');
    expect(start?.data).toMatchObject({ arg: REF });
    const started = await client.taskSubmit(users.amina, start?.data ?? {});
    expect(text(started.body)).toContain(`Assessment of ${REF} started`);
    expect((await amparo.store.findCaseByReference(REF))?.status).toBe('under_assessment');

    const again = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    const sources = dialogActions(again.body).find((a) => a.data?.verb === 'assessment.sources');
    const form = await client.taskSubmit(users.amina, sources?.data ?? {});
    expect(dialogStep(form.body)).toBe('continue');
    expect(text(form.body)).toContain('Input.ChoiceSet');
    expect(text(form.body)).not.toContain('is not a case reference');
    // The form's own Submit is a submission of that form, not a button press.
    const saved = await client.taskSubmit(users.amina, { ...(dialogActions(form.body)[0]?.data ?? {}), sources: 'secretariat', sourcesNote: 'Asked the NGO.' });
    expect(text(saved.body)).toContain(`Sources recorded for ${REF}.`);
  });
});
