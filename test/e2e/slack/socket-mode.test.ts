import { slackStage, textOf, type SlackStage } from '../../support/slack/harness';

/**
 * Socket Mode: Amparo connects out to Slack (no public URL), acknowledges each envelope,
 * reports the connection in /readyz, and comes back by itself when the connection drops.
 */
describe('Slack over Socket Mode', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('embedded', 'socket');
  });

  afterEach(async () => {
    await stage.stop();
  });

  const readyz = async () => (await fetch(`http://127.0.0.1:${stage.amparo.http?.port}/readyz`)).status;

  function command(text: string): Record<string, unknown> {
    return {
      token: 'unused',
      team_id: stage.simulator.teamId,
      team_domain: 'amparo-test',
      channel_id: 'C0SESSION1',
      channel_name: 'cat-session',
      user_id: 'U0MARIA01',
      user_name: 'maria',
      command: '/amparo',
      text,
      api_app_id: 'A0AMPARO1',
      response_url: stage.simulator.responseUrl(),
      trigger_id: stage.simulator.trigger('U0MARIA01'),
    };
  }

  it('serves a slash command over the connection and says it is ready', async () => {
    await stage.simulator.waitFor(() => stage.simulator.links.size === 1, 'the Socket Mode connection');
    await stage.simulator.sendEnvelope('slash_commands', command('report'));
    await stage.simulator.waitFor(() => textOf(stage.simulator.openModal('U0MARIA01')?.view).includes('"callback_id":"intake"'), 'the intake modal');
    expect(await readyz()).toBe(200);
    expect(stage.simulator.callsOf('apps.connections.open')[0]?.token).toBe('xapp-test-token');
  });

  it('when the connection drops, /readyz turns false, and Amparo reconnects by itself', async () => {
    await stage.simulator.waitFor(() => stage.simulator.links.size === 1, 'the first connection');
    await stage.simulator.sendEnvelope('slash_commands', command('help'));
    expect(await readyz()).toBe(200);
    // Slack refuses new connections for a while: Amparo stays disconnected and says so.
    stage.simulator.failNext('apps.connections.open', { status: 200, body: { ok: false, error: 'internal_error' } }, 3);
    const attempts = stage.simulator.callsOf('apps.connections.open').length;
    stage.simulator.dropConnections();
    await stage.simulator.waitFor(() => stage.simulator.callsOf('apps.connections.open').length > attempts, 'a reconnection attempt');
    expect(await readyz()).toBe(503);
    await stage.simulator.waitFor(() => stage.simulator.connections === 2 && stage.simulator.links.size === 1, 'the second connection');
    await stage.simulator.sendEnvelope('slash_commands', command('report'));
    await stage.simulator.waitFor(() => textOf(stage.simulator.openModal('U0MARIA01')?.view).includes('"callback_id":"intake"'), 'the intake modal after reconnecting');
    expect(await readyz()).toBe(200);
  });
});

/**
 * Several processes, each with its own Socket Mode connection: Slack sends each event to one of
 * them, and an event it sends again (on another connection) is handled once.
 */
describe('Slack over Socket Mode, two processes on one database', () => {
  let stage: SlackStage;

  beforeEach(async () => {
    stage = await slackStage('mongodb', 'socket');
    await stage.replica();
  });

  afterEach(async () => {
    await stage.stop();
  });

  const homeOpened = (eventId: string, user = 'U0CHEN001') => ({
    token: 'unused',
    team_id: stage.simulator.teamId,
    api_app_id: 'A0AMPARO1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
    authorizations: [{ team_id: stage.simulator.teamId, user_id: stage.simulator.botUserId, is_bot: true }],
  });

  it('both connected, each event is handled once, a redelivered one too', async () => {
    const { simulator } = stage;
    await simulator.waitFor(() => simulator.links.size === 2, 'both connections');
    for (let n = 1; n <= 6; n++) await simulator.sendEnvelope('events_api', homeOpened(`Ev0TWO0${n}`));
    await simulator.waitFor(() => simulator.callsOf('views.publish').length === 6, 'six homes published');
    // Slack sends one event again on every connection (its retries may land on either process).
    await simulator.sendEnvelopeToEvery('events_api', homeOpened('Ev0TWO07'));
    await simulator.waitFor(() => simulator.callsOf('views.publish').length === 7, 'the seventh home');
    await simulator.sendEnvelope('events_api', homeOpened('Ev0TWO08'));
    await simulator.waitFor(() => simulator.callsOf('views.publish').length === 8, 'the eighth home');
    expect(simulator.callsOf('views.publish')).toHaveLength(8);
  });
});
