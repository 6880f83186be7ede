import { generateKeyPairSync } from 'node:crypto';
import { APP_ID, TENANT, teamsStage, type TeamsStage } from '../support/teams/harness';

/**
 * With an app id, every activity must carry a valid Bot Framework token: issued by the
 * channel's issuer, for this bot, signed by a published key, not expired. Anything else is
 * refused before Amparo sees it; so is another tenant, and an oversized body.
 */
describe('Teams: authentication and guards', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage();
    // botbuilder writes every refused token to console.error itself; the refusals are asserted below.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await stage.stop();
  });

  const help = (token: string | null) => stage.client.say(stage.users.chen, 'help', token);
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a valid token', async () => {
    expect((await help(stage.connector.token(APP_ID))).status).toBe(200);
    await stage.connector.waitFor(() => stage.connector.calls.length === 1, 'the answer');
  });

  it.each([
    ['no token', () => null],
    ['a token for another bot', () => stage.connector.token('99999999-2222-3333-4444-555555555555')],
    ['an expired token', () => stage.connector.token(APP_ID, { exp: now() - 600, nbf: now() - 7200, iat: now() - 7200 })],
    ['a token from another issuer', () => stage.connector.token(APP_ID, { iss: 'https://issuer.example' })],
    ['a token signed by an unknown key', () => stage.connector.token(APP_ID, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)],
    ['a token for another service URL', () => stage.connector.token(APP_ID, { serviceurl: 'https://elsewhere.example/' })],
    ['a bogus bearer', () => 'not-a-jwt'],
  ])('refuses %s with 401, and does nothing', async (_what, token) => {
    const response = await help(token());
    expect(response.status).toBe(401);
    expect(stage.connector.calls).toEqual([]);
  });

  it('refuses activities from another tenant', async () => {
    const stranger = { ...stage.users.chen, tenantId: 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee' };
    await stage.client.say(stranger, 'help');
    // The tenant's own member is served, and only they.
    await stage.client.say(stage.users.chen, 'help');
    await stage.connector.waitFor(() => stage.connector.calls.length === 1, 'one answer');
    expect(stage.connector.calls[0]?.conversationId).toBe(`a:personal-${stage.users.chen.aadObjectId}`);
    expect(TENANT).not.toBe(stranger.tenantId);
  });

  it('refuses a body over the size limit', async () => {
    const response = await stage.client.say(stage.users.chen, 'x'.repeat(600 * 1024));
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ text: 'payload too large\n' });
  });
});

describe('Teams without an app id (local emulation only)', () => {
  let stage: TeamsStage;

  beforeEach(async () => {
    stage = await teamsStage({ authenticated: false });
  });

  afterEach(async () => {
    await stage.stop();
  });

  it('accepts activities with no token at all, as the emulator sends them', async () => {
    expect((await stage.client.say(stage.users.chen, 'help', null)).status).toBe(200);
    expect(stage.amparo.teams?.authenticated).toBe(false);
  });
});
