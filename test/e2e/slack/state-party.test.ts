import { speaking } from '../../support/people';
import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * The State party is picked, not typed: the modal's select asks Amparo for the States matching
 * what the person types (`block_suggestion` on the Request URL), named in their language; the
 * case keeps the State's code, by which the country rapporteur is found.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
type Options = { options?: Array<{ text: { type: string; text: string }; value: string }> };
const optionsOf = (body: Record<string, unknown>) => ((body as Options).options ?? []).map((o) => [o.value, o.text.text]);
const selectIn = (view: Record<string, unknown>, blockId: string) =>
  (view.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>).find((b) => b.block_id === blockId)?.element;

describe('Slack: the State party picker', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('offers the States matching what a member types, in her language, and the case finds its country rapporteur by the code', async () => {
    const { users, people, amparo } = stage;
    await speaking(amparo.store, [people.maria], 'es');
    await users.maria.command('report');
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    expect(selectIn(form.view, 'stateParty')).toMatchObject({ type: 'external_select', min_query_length: 1, placeholder: { type: 'plain_text', text: expect.any(String) } });

    // Typed in Spanish, in English, as a code, without accents: Amparo answers on the same URL.
    const spanish = await users.maria.suggest('stateParty', 'norue');
    expect(spanish.status).toBe(200);
    expect(optionsOf(spanish.json())).toEqual([['NO', 'Noruega']]);
    expect(optionsOf((await users.maria.suggest('stateParty', 'Russia')).json())).toEqual([['RU', 'Federación de Rusia']]);
    expect(optionsOf((await users.maria.suggest('stateParty', 'NO')).json())[0]).toEqual(['NO', 'Noruega']);
    expect(optionsOf((await users.maria.suggest('stateParty', 'Atlantis')).json())).toEqual([]);
    // Never more than Slack shows, each within Slack's limits.
    const many = optionsOf((await users.maria.suggest('stateParty', 'a')).json());
    expect(many.length).toBe(100);
    for (const [value, text] of many) expect([value?.length, (text ?? '').length <= 75]).toEqual([2, true]);

    // The member picks Noruega; the case keeps NO.
    expect((await users.maria.submit(intakeAnswers({ stateParty: 'NO' }))).json()).toMatchObject({ response_action: 'update' });
    await stage.modalWith('maria', `${REF}`);
    expect((await amparo.store.findCaseByReference(REF))?.stateParty).toBe('NO');

    // The consultation offers the country rapporteur for that State (G14).
    await amparo.services.cases.recordSources(amparo.services.people.actor(people.amina), REF, ['secretariat'], 'x');
    await users.amina.command(`consult ${REF}`);
    const consult = await stage.modalWith('amina', '"callback_id":"assessment.consult"');
    expect(textOf(consult.view)).toContain(people.olga._id);
    expect(textOf(consult.view)).toContain('Olga Country');
  });

  it('assigning a country rapporteur names the State with the same picker', async () => {
    const { users, amparo } = stage;
    await users.chen.command('roles add');
    const form = await stage.modalWith('chen', '"callback_id":"roles.assign"');
    expect(selectIn(form.view, 'stateParty')).toMatchObject({ type: 'external_select' });
    expect(optionsOf((await users.chen.suggest('stateParty', 'island')).json())).toContainEqual(['IS', 'Iceland']);
    const answer = (await users.chen.submit({ person: 'U0NORA001', committee: 'CAT', role: 'country_rapporteur', stateParty: 'IS', start: `${YEAR}-01-01`, end: '' })).json();
    expect(answer).toMatchObject({ response_action: 'update' });
    await stage.modalWith('chen', 'Nora Newcomer');
    const nora = await amparo.store.findPersonByIdentity(`slack:${stage.simulator.teamId}:U0NORA001`);
    expect(nora?.roles).toEqual([expect.objectContaining({ role: 'country_rapporteur', stateParty: 'IS' })]);
  });

  it('answers no one from another workspace', async () => {
    const { workspace, users } = stage;
    await users.maria.command('report');
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    const element = selectIn(form.view, 'stateParty') as { action_id: string };
    // Correctly signed (the app's secret), but from a workspace Amparo does not serve.
    const answer = await workspace.sendInteraction({
      type: 'block_suggestion',
      team: { id: 'T0ELSEWHERE', domain: 'elsewhere' },
      user: { id: 'U0STRANGER', username: 'stranger', team_id: 'T0ELSEWHERE' },
      api_app_id: 'A0AMPARO1',
      token: 'verification-token-unused',
      container: { type: 'view', view_id: form.id },
      action_id: element.action_id,
      block_id: 'stateParty',
      value: 'nor',
      view: { id: form.id, type: 'modal', ...form.view },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('Norway');
    expect(await stage.amparo.store.findPersonByIdentity('slack:T0ELSEWHERE:U0STRANGER')).toBeNull();
  });
});

describe('Slack over Socket Mode: the State party picker and the shortcut', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('embedded', 'socket');
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('answers the picker\'s option requests and opens the intake from the shortcut over the connection', async () => {
    const { simulator } = stage;
    await simulator.waitFor(() => simulator.links.size === 1, 'the Socket Mode connection');
    const user = { id: 'U0MARIA01', username: 'maria', name: 'maria', team_id: simulator.teamId };
    await simulator.sendEnvelope('interactive', { type: 'shortcut', callback_id: 'report_allegation', trigger_id: simulator.trigger('U0MARIA01'), team: { id: simulator.teamId, domain: 'amparo-test' }, user, api_app_id: 'A0AMPARO1', token: 'unused', action_ts: '1' });
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    const acked = await simulator.sendEnvelope('interactive', {
      type: 'block_suggestion',
      team: { id: simulator.teamId, domain: 'amparo-test' },
      user,
      api_app_id: 'A0AMPARO1',
      token: 'unused',
      container: { type: 'view', view_id: form.id },
      action_id: 'search.stateParty',
      block_id: 'stateParty',
      value: 'norw',
      view: { id: form.id, type: 'modal', ...form.view },
    });
    expect(optionsOf(acked as Record<string, unknown>)).toEqual([['NO', 'Norway']]);
  });
});

