import { intakeAnswers } from '../../support/slack/answers';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * Inside a dialog, Teams sends a pressed button as a dialog submission carrying the button's
 * data. The case dialog's buttons then do what they say: the next form opens in the same
 * dialog, or the result shows there.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const text = (value: unknown) => JSON.stringify(value) ?? '';
type Action = { title?: string; data?: Record<string, unknown> };
type Card = { task?: { type?: string; value?: { card?: { content?: { body?: Array<{ type?: string; actions?: Action[] }>; actions?: Action[] } } } } };
/** The card's own actions, then those of the button rows in its body. */
const actionsOf = (body: unknown): Action[] => {
  const content = (body as Card).task?.value?.card?.content;
  return [...(content?.actions ?? []), ...(content?.body ?? []).filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? [])];
};

describe('Teams: the buttons inside the case dialog', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    const { client, users } = stage;
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    await client.taskSubmit(users.maria, { ...(actionsOf(opened.body)[0]?.data ?? {}), ...intakeAnswers() });
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('Start assessment starts it, and Record sources opens its form, in the same dialog', async () => {
    const { client, users, amparo } = stage;
    const details = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    const start = actionsOf(details.body).find((a) => a.data?.verb === 'assessment.start');
    expect(start?.data).toMatchObject({ arg: REF });
    const started = await client.taskSubmit(users.amina, start?.data ?? {});
    expect(text(started.body)).toContain(`Assessment of ${REF} started`);
    expect((await amparo.store.findCaseByReference(REF))?.status).toBe('under_assessment');

    const again = await client.taskFetch(users.amina, { verb: 'case.open', arg: REF });
    const sources = actionsOf(again.body).find((a) => a.data?.verb === 'assessment.sources');
    const form = await client.taskSubmit(users.amina, sources?.data ?? {});
    expect((form.body as Card).task?.type).toBe('continue');
    expect(text(form.body)).toContain('Input.ChoiceSet');
    expect(text(form.body)).not.toContain('is not a case reference');
    // The form's own Submit is a submission of that form, not a button press.
    const saved = await client.taskSubmit(users.amina, { ...(actionsOf(form.body)[0]?.data ?? {}), sources: 'secretariat', sourcesNote: 'Asked the NGO.' });
    expect(text(saved.body)).toContain(`Sources recorded for ${REF}.`);
  });
});
