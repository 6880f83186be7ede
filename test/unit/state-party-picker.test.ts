import { formModal } from '../../adapters/slack/render/modal';
import { CARD_BYTES, formCard } from '../../adapters/teams/cards/render';
import { renderQuestion, renderReview } from '../../adapters/console/render';
import { FormSession } from '../../adapters/console/form-session';
import { intakeForm } from '../../flows/intake.flow';
import { localize } from '../../flows/localize';
import type { Reply } from '../../flows/view';
import { CATALOGUES } from '../../src/i18n/catalogues';
import { modalProblems } from '../support/slack/block-kit-limits';

/**
 * The State party field as each platform draws it: Slack's select fed by Amparo, Teams' filtered
 * list of every State, the terminal's question; in the viewer's language, the chosen State kept.
 */
// The package's main entry needs a browser; its distribution build parses in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: Array<{ message: string }> } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

const form = intakeForm([{ _id: 'CAT', name: 'Committee against Torture' }], () => new Date('2026-03-10T09:00:00Z'));
const reply = (values: Record<string, string>): Extract<Reply, { kind: 'form' }> => ({ kind: 'form', form, context: '', values, errors: {} });
type Block = { block_id?: string; element?: Record<string, unknown> };
type Input = { id?: string; type: string; style?: string; choices?: Array<{ title: string; value: string }>; value?: string; placeholder?: string };
const slackSelect = (values: Record<string, string>, locale: string) =>
  ((formModal(reply(values), { locale, timeZone: 'UTC' }).blocks as Block[]).find((b) => b.block_id === 'stateParty')?.element ?? {}) as Record<string, unknown>;
const teamsInput = (values: Record<string, string>, locale: string) =>
  (formCard(reply(values), { locale, timeZone: 'UTC' }).body as Input[]).find((i) => i.id === 'stateParty') as Input;

describe('the State party picker on each platform', () => {
  it.each(Object.keys(CATALOGUES))('Slack: a select whose options Amparo serves, the State chosen named in %s', (language) => {
    const select = slackSelect({ stateParty: 'NO' }, language);
    expect(select).toMatchObject({ type: 'external_select', action_id: 'search.stateParty', min_query_length: 1 });
    expect(select.initial_option).toEqual({ value: 'NO', text: { type: 'plain_text', text: localize({ key: 'common.value', vars: { value: { region: 'NO' } } }, { locale: language, timeZone: 'UTC' }), emoji: true } });
    expect((select.placeholder as { text: string }).text).toBe(localize({ key: 'fields.stateParty.placeholder' }, { locale: language, timeZone: 'UTC' }));
    expect(modalProblems(formModal(reply({ stateParty: 'NO' }), { locale: language, timeZone: 'UTC' }) as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('Slack: a State given by name is shown chosen; anything else leaves the select empty', () => {
    expect(slackSelect({ stateParty: 'Noruega' }, 'fr').initial_option).toMatchObject({ value: 'NO', text: { text: 'Norvège' } });
    expect(slackSelect({ stateParty: 'Atlantis' }, 'fr')).not.toHaveProperty('initial_option');
    expect(slackSelect({}, 'fr')).not.toHaveProperty('initial_option');
  });

  const problems = (card: Record<string, unknown>) => {
    const parsed = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    parsed.parse(card, context);
    const events = [...Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message), ...parsed.validateProperties().validationEvents.map((e) => e.message)];
    return Buffer.byteLength(JSON.stringify(card)) > CARD_BYTES ? [...events, 'too large'] : events;
  };

  it.each(Object.keys(CATALOGUES))('Teams: a filtered list of every State in %s, in that language\'s order, which parses and fits', (language) => {
    const input = teamsInput({ stateParty: 'Norway', narrative: 'x'.repeat(1500) }, language);
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', value: 'NO' });
    expect(input.choices).toHaveLength(197);
    const titles = (input.choices ?? []).map((c) => c.title);
    expect([...titles].sort(new Intl.Collator(language).compare)).toEqual(titles);
    expect(input.choices).toContainEqual({ value: 'RU', title: localize({ key: 'common.value', vars: { value: { region: 'RU' } } }, { locale: language, timeZone: 'UTC' }) });
    expect(problems(formCard(reply({ stateParty: 'NO', narrative: 'x'.repeat(1500) }), { locale: language, timeZone: 'UTC' }))).toEqual([]);
  });

  it.each(Object.keys(CATALOGUES))('Teams: when long answers sent back leave no room for the list, the State is typed, kept, and the card fits (%s)', (language) => {
    const viewer = { locale: language, timeZone: 'UTC' };
    // The largest intake a person can send back: every text at its limit, every field in error.
    const longest = { narrative: 'ẞ'.repeat(3000), place: 'ẞ'.repeat(300), victim: 'ẞ'.repeat(300), sourceContact: 'ẞ'.repeat(300), stateParty: 'NO' };
    const errors = Object.fromEntries(form.fields.map((f) => [f.name, { key: 'errors.field.required' }]));
    const card = formCard({ ...reply(longest), errors, formError: { key: 'errors.store_unavailable' } }, viewer);
    expect(problems(card)).toEqual([]);
    const input = (card.body as Input[]).find((i) => i.id === 'stateParty');
    expect(input).toMatchObject({ type: 'Input.Text', value: localize({ key: 'common.value', vars: { value: { region: 'NO' } } }, viewer), placeholder: localize({ key: 'fields.stateParty.typing' }, viewer) });
    expect(JSON.stringify(card)).toContain(JSON.stringify('ẞ'.repeat(3000)));
  });

  it('Teams: an answer that names no State is not shown chosen', () => {
    expect(teamsInput({ stateParty: 'Atlantis' }, 'en')).not.toHaveProperty('value');
  });

  it('the terminal: asks for a name or code, keeps the State found, and shows it in the person\'s language', () => {
    const viewer = { locale: 'fr', timeZone: 'UTC' };
    const session = new FormSession(reply({}));
    const index = form.fields.findIndex((f) => f.name === 'stateParty');
    session.index = index;
    const question = renderQuestion(form, index, {}, viewer);
    expect(question).toContain(localize({ key: 'fields.stateParty.typing' }, viewer));
    expect(question).not.toMatch(/\d+\) Norvège/);
    expect(session.answer('Atlantis')).toMatchObject({ key: 'errors.field.state_party' });
    expect(session.answer('  NORUEGA ')).toBeUndefined();
    expect(session.values.stateParty).toBe('NO');
    expect(renderReview(form, session.values, viewer)).toContain('État partie: Norvège');
  });
});
