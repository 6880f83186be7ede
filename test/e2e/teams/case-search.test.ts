import { allegation } from '../../support/harness';
import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * Finding a case (G11) in Teams, through the Bot Connector simulator: the search form opens in
 * a dialog and the matching cases come back in the same dialog, each with its Open button.
 */
const YEAR = new Date().getUTCFullYear();
const NORWAY = `CAT-${YEAR}-0001`;
const DENMARK = `CAT-${YEAR}-0002`;
type Element = { id?: string; type?: string; text?: string; title?: string; verb?: string; data?: Record<string, unknown>; items?: Element[]; actions?: Element[] };
type Task = { task?: { value?: { card?: { content?: { body?: Element[]; actions?: Element[] } } } } };
const cardOf = (body: Record<string, unknown>) => (body as Task).task?.value?.card?.content;

describe('Teams: finding a case', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G11: the chair searches by State party and risk in a dialog and gets each matching case with its Open button; a member is refused', async () => {
    const { client, users, people, amparo } = stage;
    const member = amparo.services.people.actor(people.maria);
    await amparo.services.cases.submitAllegation(member, allegation({ narrative: 'Hjklq was followed after the session.', victim: 'Wertz Uiopa' }), 'search-1');
    await amparo.services.cases.submitAllegation(member, allegation({ stateParty: 'DK', riskLevel: 'low' }), 'search-2');

    const opened = await client.taskFetch(users.chen, { verb: 'case.search', arg: '' });
    const form = cardOf(opened.body);
    expect(JSON.stringify(form)).toContain('Find a case');
    expect(form?.body?.map((i) => i.id).filter((id) => id !== undefined)).toEqual(expect.arrayContaining(['stateParty', 'status', 'outcome', 'riskLevel', 'from', 'to']));

    const done = await client.taskSubmit(users.chen, { ...(form?.actions?.[0]?.data ?? {}), stateParty: 'NO', riskLevel: 'high' });
    const answer = JSON.stringify(cardOf(done.body));
    expect(answer).toContain('1 case found');
    expect(answer).toContain(NORWAY);
    expect(answer).toContain(`Open ${NORWAY}`);
    expect(answer).toContain('"verb":"case.open"');
    expect(answer).not.toContain(DENMARK);
    for (const hidden of ['Hjklq', 'Wertz', 'Oslo']) expect(answer).not.toContain(hidden);

    const refused = await client.taskFetch(users.maria, { verb: 'case.search', arg: '' });
    expect(JSON.stringify(refused.body)).toContain('Only the rapporteurs and the chairs can search cases');
  });
});
