import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * In Teams the State party is picked from a filtered list of every State, named in the
 * person's language (the one Teams reports with their message); the case keeps the code, by
 * which the country rapporteur is found.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;
type Input = { id?: string; type?: string; style?: string; choices?: Array<{ title: string; value: string }>; value?: string };
type Task = { task?: { value?: { card?: { content?: { body?: Input[]; actions?: Array<{ data?: Record<string, unknown> }> } } } } };
const cardOf = (body: Record<string, unknown>) => (body as Task).task?.value?.card?.content;
const inputOf = (body: Record<string, unknown>, id: string) => cardOf(body)?.body?.find((i) => i.id === id);

const INTAKE = {
  committee: 'CAT',
  narrative: 'Asdfg was questioned by the police after the session.',
  incidentDate: `${YEAR}-01-15`,
  place: '',
  victimKind: 'individual',
  victim: 'Qwert Zuiop',
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: '',
  consentStateContact: 'yes',
  consentPublication: 'no',
  consentReferral: 'no',
  consentInformed: 'yes',
  riskLevel: 'high',
  imminentThreat: 'no',
  genderRisk: 'unknown',
};

describe('Teams: the State party picker', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('lists every State in the member\'s language, filtered as she types; the case finds its country rapporteur by the code', async () => {
    const { client, users, people, amparo } = stage;
    users.maria.locale = 'fr-FR';
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    const picker = inputOf(opened.body, 'stateParty');
    expect(picker).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(picker?.choices).toHaveLength(197);
    expect(picker?.choices).toContainEqual({ title: 'Norvège', value: 'NO' });
    expect(picker?.choices).toContainEqual({ title: 'Fédération de Russie', value: 'RU' });

    // Teams sends the chosen State's value: its code.
    const form = cardOf(opened.body)?.actions?.[0]?.data ?? {};
    const done = await client.taskSubmit(users.maria, { ...form, ...INTAKE, stateParty: 'NO' });
    expect(JSON.stringify(cardOf(done.body))).toContain(REF);
    expect((await amparo.store.findCaseByReference(REF))?.stateParty).toBe('NO');

    await amparo.services.cases.recordSources(amparo.services.people.actor(people.amina), REF, ['secretariat'], 'x');
    const consult = await client.taskFetch(users.amina, { verb: 'assessment.consult', arg: REF });
    expect(inputOf(consult.body, 'countryRapporteur')?.choices).toEqual([{ title: 'Olga Country', value: people.olga._id }]);
  });

  it('keeps the State chosen when the form comes back with an error', async () => {
    const { client, users } = stage;
    users.maria.locale = 'es-ES';
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    const form = cardOf(opened.body)?.actions?.[0]?.data ?? {};
    const wrong = await client.taskSubmit(users.maria, { ...form, ...INTAKE, incidentDate: '2999-01-01', stateParty: 'NO' });
    expect(inputOf(wrong.body, 'stateParty')).toMatchObject({ style: 'filtered', value: 'NO' });
    expect(inputOf(wrong.body, 'stateParty')?.choices).toContainEqual({ title: 'Noruega', value: 'NO' });
  });

  it('assigning a country rapporteur names the State with the same picker', async () => {
    const { client, users } = stage;
    const opened = await client.taskFetch(users.chen, { verb: 'roles.assign', arg: '' });
    expect(inputOf(opened.body, 'stateParty')).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', isRequired: false });
  });
});
