import { teamsStage, type TeamsStage } from '../../support/teams/harness';

/**
 * In Teams: the language a person chooses wins over the locale each activity carries; an
 * Arabic choice sets the cards right to left though Teams itself says en-US.
 */
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('Teams: a chosen language', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('wins over the activity\'s locale, until the person says auto', async () => {
    const { client, connector, users } = stage;
    const cards = () => connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message' && c.conversationId === `a:personal-${users.amina.aadObjectId}`);
    const answer = async (words: string) => {
      const before = cards().length;
      await client.say(users.amina, words);
      return connector.waitFor(() => cards()[before], `the answer to "${words}"`);
    };
    expect(text((await answer('help')).body)).not.toContain('"rtl":true');
    await answer('language ar');
    // Teams still says en-US on every activity: the choice stands.
    expect(text((await answer('help')).body)).toContain('"rtl":true');
    await answer('language auto');
    expect(text((await answer('help')).body)).not.toContain('"rtl":true');
  });
});
