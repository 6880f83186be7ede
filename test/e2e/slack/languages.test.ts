import { CATALOGUES } from '../../../src/i18n/catalogues';
import { localize } from '../../../flows/localize';
import { t } from '../../../flows/view';
import type { Person } from '../../../src/domain/roles';
import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';
import { speaking } from '../../support/people';

/**
 * A workspace whose people have Slack set to each of Amparo's languages walks intake,
 * alert and decision in it: every text comes from that language's catalogue, none is a key.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
/** A catalogue key left showing, e.g. `alerts.allegation.title`. */
const RAW_KEY = /\b(?:alerts|intake|forms|buttons|decision|errors|case|help|reminders|options|status)\.[a-z_]+(?:\.[a-z_]+)*\b/;
/** The words a person reads in a view or message: every `text` Block Kit shows. */
function visible(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(visible);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'text' && typeof inner === 'string' ? [inner] : visible(inner)));
}
/** How a text appears inside a view serialised as JSON. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

describe.each(Object.keys(CATALOGUES))('Slack in %s', (language) => {
  let stage: SlackStage;
  // As the person reads it: in their language, values isolated in right-to-left text.
  const say = (key: string, vars: Record<string, string | number> = {}) => localize(t(key, vars), { locale: language, timeZone: 'UTC' });

  beforeEach(async () => {
    stage = await slackStage();
    // Everyone's Slack is set to this language (as users.info reports it), as stored already.
    await speaking(stage.amparo.store, Object.values(stage.people) as Person[], language);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('intake, the rapporteurs\' alert and the chair\'s decision are in the language', async () => {
    const { simulator, users, people, amparo } = stage;
    await users.maria.command('report');
    const form = await stage.modalWith('maria', '"callback_id":"intake"');
    expect(textOf(form.view)).toContain(inJson(say('intake.intro')));
    expect((await users.maria.submit(intakeAnswers())).json()).toMatchObject({ response_action: 'update' });
    await stage.modalWith('maria', inJson(say('intake.received.title', { reference: REF })));

    const alert = await simulator.waitFor(() => users.amina.dms().find((m) => m.text.includes(REF)), 'the alert');
    expect(textOf(alert)).toContain(inJson(say('alerts.allegation.title', { reference: REF })));

    // The assessment as the services record it; the proposal reaches the chair in the language.
    const rapporteur = amparo.services.people.actor(people.amina);
    await amparo.services.cases.recordSources(rapporteur, REF, ['secretariat'], 'x');
    await amparo.services.cases.consultCountryRapporteur(rapporteur, REF, people.olga._id, 'x');
    await amparo.services.cases.recordOutcome(rapporteur, REF, 'substantiated', 'x');
    await amparo.services.cases.propose(rapporteur, REF, { type: 'G19', details: 'x', doNoHarm: 'x', deadlineDays: 30 });
    const proposal = await simulator.waitFor(() => users.chen.dms().find((m) => m.text.includes(say('alerts.proposal.title', { number: 1, reference: REF }))), 'the proposal DM');
    await users.chen.press('decision.approve', 'dm', `${REF}#1`);
    const updated = await simulator.waitFor(() => simulator.callsOf('chat.update').find((u) => u.args.ts === proposal.ts), 'the decided DM');
    expect(textOf(updated.args.blocks)).toContain(inJson(say('decision.title', { number: 1, reference: REF, action: say('actionTypes.G19') })));
    expect(textOf(updated.args.blocks)).toContain(inJson(say('proposalStatus.approved')));

    const words = [form.view, alert, proposal, updated.args.blocks, ...simulator.messages].flatMap(visible);
    expect(words.length).toBeGreaterThan(10);
    expect(words.filter((w) => RAW_KEY.test(w))).toEqual([]);
  });
});
