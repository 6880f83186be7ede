import { ConfigError, loadConfig } from '../../../src/config';
import { newDataKey } from '../../../src/keys';
import { slackStage, type SlackStage } from '../../support/slack/harness';

/**
 * Enterprise Grid: Amparo serves the one workspace it is installed to, also inside an
 * organisation. An organisation-wide installation is not served (README, "Enterprise Grid"),
 * and no other workspace, of the organisation or of another, gets in.
 */
describe('Slack: Enterprise Grid', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage();
  });

  afterEach(async () => {
    await stage.stop();
  });

  /** `/amparo help` as Slack sends it from a workspace of an organisation. */
  const command = (who: { user: string; team: string }, organisation: { enterprise: string; orgWide: boolean }) =>
    stage.workspace.sendForm({
      token: 'verification-token-unused',
      team_id: who.team,
      team_domain: 'grid-workspace',
      enterprise_id: organisation.enterprise,
      enterprise_name: 'Grid',
      channel_id: 'C0SESSION1',
      channel_name: 'cat-session',
      user_id: who.user,
      user_name: who.user.toLowerCase(),
      command: '/amparo',
      text: 'help',
      api_app_id: 'A0AMPARO1',
      is_enterprise_install: String(organisation.orgWide),
      response_url: stage.simulator.responseUrl(),
      trigger_id: stage.simulator.trigger(who.user),
    });

  it('serves the workspace it is installed to, in an organisation', async () => {
    const answer = await command({ user: 'U0MARIA01', team: stage.simulator.teamId }, { enterprise: 'E0ORG0001', orgWide: false });
    expect(answer.status).toBe(200);
    await stage.simulator.waitFor(() => stage.simulator.callsOf('views.open').length === 1, 'the help modal');
  });

  it('answers nothing from an organisation-wide installation, even in the workspace served, and stores nothing', async () => {
    stage.simulator.addUser({ id: 'U0GRID001', name: 'grid', real_name: 'Grid Member', tz: 'UTC', locale: 'en-US' });
    for (const team of [stage.simulator.teamId, 'T0SISTER01']) {
      const answer = await command({ user: 'U0GRID001', team }, { enterprise: 'E0ORG0001', orgWide: true });
      expect(answer.status).toBe(200);
      expect(answer.body).toBe('');
    }
    expect(stage.simulator.callsOf('views.open')).toEqual([]);
    expect(await stage.amparo.store.findPersonByIdentity(`slack:${stage.simulator.teamId}:U0GRID001`)).toBeNull();
    expect(await stage.amparo.store.findPersonByIdentity('slack:T0SISTER01:U0GRID001')).toBeNull();
  });

  it('answers nothing to another workspace, of the same organisation or of another', async () => {
    for (const [team, enterprise] of [['T0SISTER01', 'E0ORG0001'], ['T0OTHER001', 'E0OTHER01']] as const) {
      const answer = await command({ user: 'U0MARIA01', team }, { enterprise, orgWide: false });
      expect(answer.status).toBe(200);
    }
    expect(stage.simulator.callsOf('views.open')).toEqual([]);
  });

  it('will not start with an organisation\'s id as the workspace served', () => {
    const env = { MONGODB_URI: 'mongodb://db/', AMPARO_DATA_KEY: newDataKey('k1'), SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij', SLACK_TEAM_ID: 'E0123ABCD' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^SLACK_TEAM_ID: /)]);
    }
  });
});
