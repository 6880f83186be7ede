import type { Person } from '../../../src/domain/roles';
import { CATALOGUES } from '../../../src/i18n/catalogues';
import { localize } from '../../../flows/localize';
import { t } from '../../../flows/view';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';
import type { TeamsUser } from '../../support/teams/connector';
import { speaking } from '../../support/people';

/**
 * People whose Teams is set to each of Amparo's languages walk intake, alert and
 * decision in it; Arabic cards are set right to left; no catalogue key is ever shown.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
const RAW_KEY = /\b(?:alerts|intake|forms|buttons|decision|errors|case|help|reminders|options|status|teams)\.[a-z_]+(?:\.[a-z_]+)*\b/;
type Task = { task?: { value?: { card?: { content?: { actions?: Array<{ data?: Record<string, unknown> }> } } } } };
const cardOf = (body: Record<string, unknown>) => (body as Task).task?.value?.card?.content;

/** The words a card shows: its TextBlocks, fact titles and values, button titles, input labels. */
function visible(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(visible);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (['text', 'title', 'value', 'label', 'placeholder'].includes(key) && typeof inner === 'string' ? [inner] : visible(inner)));
}

describe.each(Object.keys(CATALOGUES))('Teams in %s', (language) => {
  let stage: TeamsStage;
  // As the person reads it: in their language, values isolated in right-to-left text.
  const say = (key: string, vars: Record<string, string | number> = {}) => localize(t(key, vars), { locale: language, timeZone: 'UTC' });

  beforeEach(async () => {
    stage = await teamsStage();
    for (const user of Object.values(stage.users) as TeamsUser[]) user.locale = language;
    await speaking(stage.amparo.store, Object.values(stage.people) as Person[], language);
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('intake, the rapporteurs\' alert and the chair\'s decision are in the language', async () => {
    const { client, connector, users, people, amparo } = stage;
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    expect(visible(cardOf(opened.body))).toContain(say('intake.intro'));
    const form = cardOf(opened.body)?.actions?.[0]?.data ?? {};
    const answers = { committee: 'CAT', narrative: 'x', incidentDate: `${YEAR}-01-15`, place: '', stateParty: 'Norway', victimKind: 'individual', victim: 'x', cooperation: 'session', perpetrator: 'state', channel: 'oral', confidential: 'no', sourceContact: '', consentStateContact: 'yes', consentPublication: 'no', consentReferral: 'no', consentInformed: 'yes', riskLevel: 'high', imminentThreat: 'no', genderRisk: 'unknown' };
    const done = await client.taskSubmit(users.maria, { ...form, ...answers });
    expect(visible(cardOf(done.body))).toContain(say('intake.received.title', { reference: REF }));

    const sentTo = (user: TeamsUser) => connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && JSON.stringify(connector.created.get(c.conversationId) ?? c.conversationId).includes(user.aadObjectId));
    const alert = await connector.waitFor(() => sentTo(users.amina)[0], 'the alert');
    expect(visible(alert.body)).toContain(say('alerts.allegation.title', { reference: REF }));
    expect(JSON.stringify(alert.body).includes('"rtl":true')).toBe(language === 'ar');

    const rapporteur = amparo.services.people.actor(people.amina);
    await amparo.services.cases.recordSources(rapporteur, REF, ['secretariat'], 'x');
    await amparo.services.cases.consultCountryRapporteur(rapporteur, REF, people.olga._id, 'x');
    await amparo.services.cases.recordOutcome(rapporteur, REF, 'substantiated', 'x');
    await amparo.services.cases.propose(rapporteur, REF, { type: 'G19', details: 'x', doNoHarm: 'x', deadlineDays: 30 });
    const card = await connector.waitFor(() => sentTo(users.chen).find((c) => visible(c.body).includes(say('alerts.proposal.title', { number: 1, reference: REF }))), 'the proposal card');
    const decided = await client.execute(users.chen, 'decision.approve', { arg: `${REF}#1` }, `activity-${connector.calls.indexOf(card) + 1}`);
    const words = visible(decided.body.value);
    expect(words).toContain(say('decision.title', { number: 1, reference: REF, action: say('actionTypes.G19') }));
    expect(words.some((w) => w.includes(say('proposalStatus.approved')))).toBe(true);

    const everything = [cardOf(opened.body), cardOf(done.body), decided.body.value, ...connector.calls.map((c) => c.body)].flatMap(visible);
    expect(everything.filter((w) => RAW_KEY.test(w))).toEqual([]);
  });
});
