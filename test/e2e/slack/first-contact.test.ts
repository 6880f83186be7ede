import type { Person } from '../../../src/domain/roles';
import { person } from '../../support/people';
import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, type SlackStage } from '../../support/slack/harness';

/**
 * A rapporteur named in the committees file who has never written to Amparo: their first alert
 * comes in the language and time zone Slack knows for them, not in the deployment's default.
 */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

describe('Slack: the first message to someone Amparo has never heard from', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb');
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('G10: is in their Slack language and time zone, looked up before it is sent, and they are remembered', async () => {
    const { simulator, amparo } = stage;
    // As the committees file makes them: the deployment's language, never asked about.
    simulator.addUser({ id: 'U0CLAIRE1', name: 'claire', real_name: 'Claire Rapporteuse', tz: 'Europe/Paris', locale: 'fr-FR' });
    const claire: Person = { ...person('claire', 'rapporteur', { at: new Date() }), displayName: 'Claire', locale: 'en', timeZone: 'UTC', identityKeys: [`slack:${simulator.teamId}:U0CLAIRE1`] };
    await amparo.store.insertPerson(claire);

    await stage.fill('maria', 'report', 'intake', intakeAnswers(), `Allegation received: ${REF}`);
    const alert = await simulator.waitFor(() => simulator.dmsTo('U0CLAIRE1').find((m) => m.text.includes(REF)), "Claire's alert");
    expect(alert.text).toMatch(new RegExp(`^Nouvelle allégation d’actes d’intimidation ou de représailles\\s:\\s${REF}`));
    expect(simulator.callsOf('users.info').some((c) => c.args.user === 'U0CLAIRE1')).toBe(true);
    expect(await amparo.store.getPerson(claire._id)).toMatchObject({ locale: 'fr-FR', timeZone: 'Europe/Paris', displayName: 'Claire Rapporteuse' });
    // Known now: the next alert is not preceded by another question to Slack.
    await stage.fill('maria', 'report', 'intake', intakeAnswers(), `Allegation received: CAT-${YEAR}-0002`);
    await simulator.waitFor(() => simulator.dmsTo('U0CLAIRE1').find((m) => m.text.includes(`CAT-${YEAR}-0002`)), "Claire's second alert");
    expect(simulator.callsOf('users.info').filter((c) => c.args.user === 'U0CLAIRE1')).toHaveLength(1);
  });
});
