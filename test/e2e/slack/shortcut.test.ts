import { t } from '../../../flows/view';
import { localize } from '../../../flows/localize';
import { speaking } from '../../support/people';
import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * Slack's own way in: the global shortcut *Report an allegation* (shortcuts menu, search)
 * opens the intake in a modal, in the person's language, with nothing typed. Nothing starts
 * from a channel message: a message shortcut opens nothing.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

describe('Slack: the Report an allegation shortcut', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('opens the intake in the member\'s language, and the report goes through as from /amparo report', async () => {
    const { users, people, amparo, simulator } = stage;
    await speaking(amparo.store, [people.maria], 'fr');
    const answer = await users.maria.shortcut('report_allegation');
    expect(answer.status).toBe(200);
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    expect(textOf(form.view)).toContain(inJson(localize(t('intake.intro'), { locale: 'fr', timeZone: 'UTC' })));
    // A modal opened with the shortcut's trigger, nothing posted anywhere.
    expect(simulator.callsOf('views.open')).toHaveLength(1);
    expect(simulator.callsOf('chat.postMessage')).toEqual([]);

    expect((await users.maria.submit(intakeAnswers())).json()).toMatchObject({ response_action: 'update' });
    await stage.modalWith('maria', REF);
    expect(await amparo.store.findCaseByReference(REF)).toMatchObject({ stateParty: 'NO', committee: 'CAT' });
  });

  it('tells someone who may not report why, in the modal', async () => {
    await stage.users.nora.shortcut('report_allegation');
    await stage.modalWith('nora', inJson(localize(t('errors.not_allowed.report_any'), { locale: 'en', timeZone: 'UTC' })));
  });

  it('is not a message shortcut: one sent from a message opens nothing and stores nothing', async () => {
    const { users, simulator, amparo } = stage;
    // No listener takes it: Bolt answers "not found" once it has waited Slack's 3 seconds.
    expect((await users.maria.shortcut('report_allegation', 'message')).status).toBe(404);
    expect(simulator.callsOf('views.open')).toEqual([]);
    expect(simulator.callsOf('views.push')).toEqual([]);
    expect(simulator.responses).toEqual([]);
    expect(await amparo.store.listCases({})).toEqual([]);
  });
});
