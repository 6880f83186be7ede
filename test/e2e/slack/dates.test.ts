import { intakeAnswers } from '../../support/slack/answers';
import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/** Every date a person reads is written for them, the incident's date too (a day, the same everywhere). */
const YEAR = new Date().getUTCFullYear();
const REF = `CAT-${YEAR}-0001`;

describe('Slack: dates in the case', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('the incident date is written as the reader writes dates, not as typed', async () => {
    const { users } = stage;
    await stage.fill('maria', 'report', 'intake', intakeAnswers({ incidentDate: `${YEAR}-01-15` }), `Allegation received: ${REF}`);
    await users.amina.press('case.open', 'dm', REF);
    const details = textOf((await stage.modalWith('amina', 'Rtyui')).view);
    expect(details).toMatch(new RegExp(`Jan 15, ${YEAR}|15 Jan ${YEAR}`));
    expect(details).not.toContain(`${YEAR}-01-15`);
  });
});
