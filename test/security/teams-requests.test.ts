import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TeamsUser } from '../support/teams/connector';
import { APP_ID, TENANT, teamsStage, type TeamsStage } from '../support/teams/harness';
import { Terminal } from '../support/terminal';
import { openTestDatabase } from '../support/test-db';

/**
 * With an app id, every activity must carry a valid Bot Framework token: issued by the
 * channel's issuer, for this bot, signed by a published key, not expired. Anything else is
 * refused before Amparo sees it; so is another tenant, a service URL off the Bot Framework's
 * hosts, and an oversized body. A refused activity leaves nothing in the store.
 */
const OTHER_TENANT = 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee';
const REFUSED = 'This Amparo serves another organisation. Nothing was done.';
const YEAR = new Date().getUTCFullYear();
const identity = (user: TeamsUser) => `teams:${user.tenantId}:${user.aadObjectId}`;
const text = (value: unknown) => JSON.stringify(value) ?? '';

type Task = { task?: { type?: string; value?: unknown } };

const INTAKE = {
  committee: 'CAT',
  narrative: 'Qwertz was followed home after the session.',
  incidentDate: '',
  place: '',
  stateParty: 'Norway',
  victimKind: 'individual',
  victim: 'Qwertz Uiop',
  cooperation: 'session',
  perpetrator: 'state',
  channel: 'oral',
  confidential: 'no',
  sourceContact: '',
  consentStateContact: 'unknown',
  consentPublication: 'unknown',
  consentReferral: 'unknown',
  consentInformed: 'no',
  riskLevel: 'medium',
  imminentThreat: 'no',
  genderRisk: 'no',
};

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
  const stranger = () => ({ ...stage.users.nora, tenantId: OTHER_TENANT });

  /** Nothing about this person is kept: no person record, no conversation. */
  async function nothingStoredFor(user: TeamsUser): Promise<void> {
    expect(await stage.amparo.store.findPersonByIdentity(identity(user))).toBeNull();
    expect(await stage.amparo.store.getConversation(identity(user))).toBeNull();
  }

  /** A member of the tenant is answered: the activities before theirs have been handled. */
  async function servedAfterwards(): Promise<void> {
    const before = stage.connector.calls.length;
    await stage.client.say(stage.users.chen, 'help');
    await stage.connector.waitFor(() => stage.connector.calls.length > before, 'the answer to a member of the tenant');
  }

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

  it('ignores a message from another tenant, and keeps no person or conversation for it', async () => {
    const response = await stage.client.say(stranger(), 'help');
    expect(response.status).toBe(200);
    // The tenant's own member is served, and only they.
    await servedAfterwards();
    expect(stage.connector.calls).toHaveLength(1);
    expect(stage.connector.calls[0]?.conversationId).toBe(`a:personal-${stage.users.chen.aadObjectId}`);
    await nothingStoredFor(stranger());
    expect(TENANT).not.toBe(OTHER_TENANT);
  });

  it('answers an invoke from another tenant in the form Teams shows, and acts on nothing', async () => {
    const { client } = stage;
    const fetched = await client.taskFetch(stranger(), { verb: 'intake', arg: '' });
    expect(fetched.status).toBe(200);
    expect(fetched.body as Task).toEqual({ task: { type: 'message', value: REFUSED } });

    const submitted = await client.taskSubmit(stranger(), { verb: 'intake', narrative: 'Followed home.' });
    expect(submitted.status).toBe(200);
    expect(submitted.body as Task).toEqual({ task: { type: 'message', value: REFUSED } });

    const executed = await client.execute(stranger(), 'decision.approve', { arg: `CAT-${YEAR}-0001#1` }, 'activity-1');
    expect(executed.status).toBe(200);
    expect(executed.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: REFUSED });

    const consent = await client.fileConsent(stranger(), 'accept', { action: 'report.progress', arg: `CAT ${YEAR}`, file: `progress-CAT-${YEAR}.md` }, `progress-CAT-${YEAR}.md`);
    expect(consent.status).toBe(403);
    expect(consent.body).toEqual({ code: 'Forbidden', message: REFUSED });

    // Nothing was sent, uploaded or stored.
    expect(stage.connector.calls).toEqual([]);
    expect(stage.connector.uploads.size).toBe(0);
    expect(await stage.amparo.store.listCases({})).toEqual([]);
    await nothingStoredFor(stranger());
  });

  it('refuses an activity whose tenant is named differently in its two places', async () => {
    const mixed = stage.client.activity(stranger(), { type: 'invoke', name: 'task/fetch', value: { type: 'task/fetch', data: { verb: 'intake', arg: '' } } });
    mixed.conversation = { ...(mixed.conversation as Record<string, unknown>), tenantId: TENANT };
    const response = await stage.client.post(mixed);
    expect(response.body as Task).toEqual({ task: { type: 'message', value: REFUSED } });
    await nothingStoredFor(stage.users.nora);
  });

  it('refuses a service URL off the Bot Framework hosts, even with a token for it, and keeps nothing from it', async () => {
    const { client, connector, users } = stage;
    const token = connector.token(APP_ID, { serviceurl: connector.elsewhereServiceUrl });
    const message = client.activity(users.nora, { type: 'message', text: 'help', serviceUrl: connector.elsewhereServiceUrl });
    expect((await client.post(message, token)).status).toBe(200);
    const invoke = client.activity(users.nora, { type: 'invoke', name: 'task/fetch', serviceUrl: connector.elsewhereServiceUrl, value: { type: 'task/fetch', data: { verb: 'intake', arg: '' } } });
    const fetched = await client.post(invoke, token);
    expect(fetched.status).toBe(200);
    expect(fetched.body as Task).toEqual({ task: { type: 'message', value: REFUSED } });
    await servedAfterwards();
    expect(connector.callsElsewhere).toEqual([]);
    await nothingStoredFor(users.nora);
  });

  it('never uses a kept conversation whose service URL is off the Bot Framework hosts: the alert opens a new chat', async () => {
    const { client, connector, users, amparo } = stage;
    // A reference kept before this check existed, pointing at a host that is not Microsoft's.
    await amparo.store.saveConversation(
      identity(users.chen),
      { channelId: 'msteams', serviceUrl: connector.elsewhereServiceUrl, conversation: { id: 'a:kept-elsewhere', conversationType: 'personal', tenantId: TENANT }, user: { id: users.chen.id, aadObjectId: users.chen.aadObjectId }, bot: { id: `28:${APP_ID}` } },
      new Date(),
    );
    const opened = await client.taskFetch(users.maria, { verb: 'intake', arg: '' });
    const form = ((opened.body as { task?: { value?: { card?: { content?: { actions?: Array<{ data?: Record<string, unknown> }> } } } } }).task?.value?.card?.content?.actions?.[0]?.data ?? {});
    const done = await client.taskSubmit(users.maria, { ...form, ...INTAKE });
    expect(text(done.body)).toContain(`Allegation received: CAT-${YEAR}-0001`);
    await connector.waitFor(() => [...connector.created.values()].some((c) => text(c).includes(users.chen.aadObjectId)), "a chat created for the chair's alert");
    await connector.waitFor(() => connector.calls.some((c) => connector.created.has(c.conversationId) && text(connector.created.get(c.conversationId)).includes(users.chen.aadObjectId) && c.body.type === 'message'), "the chair's alert");
    expect(connector.callsElsewhere).toEqual([]);
    expect(connector.calls.filter((c) => c.conversationId === 'a:kept-elsewhere')).toEqual([]);
  });

  it('puts a report file only at an upload address on the OneDrive and SharePoint hosts', async () => {
    const { client, connector, users } = stage;
    await client.say(users.amina, `report-progress CAT ${YEAR}`);
    type Attachment = { contentType: string; name?: string; content?: Record<string, unknown> };
    const consent = await connector.waitFor(
      () => connector.calls.flatMap((c) => (c.body.attachments as Attachment[] | undefined) ?? []).find((a) => a.contentType.endsWith('file.consent')),
      'a consent card',
    );
    const name = String(consent.name);
    const before = connector.calls.length;
    const elsewhere = await client.fileConsent(users.amina, 'accept', consent.content?.acceptContext, name, connector.uploadUrl(name, true));
    expect(elsewhere.status).toBe(200);
    await connector.waitFor(() => text(connector.calls.slice(before)).includes('could not be sent to your private chat'), 'the notice that nothing was sent');
    expect(connector.uploads.size).toBe(0);
    // The address Teams gives on its own hosts (the stand-in's, configured as such) receives it.
    expect((await client.fileConsent(users.amina, 'accept', consent.content?.acceptContext, name)).status).toBe(200);
    expect(connector.uploads.get(name)?.origin).toBe(connector.url);
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

  it('listens on the loopback interface only', async () => {
    const address = stage.amparo.http?.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    const outward = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    if (outward) await expect(fetch(`http://${outward.address}:${address.port}/healthz`)).rejects.toThrow();
  });

  it('keeps no conversation from an unauthenticated activity', async () => {
    await stage.client.say(stage.users.chen, 'help', null);
    await stage.connector.waitFor(() => stage.connector.calls.length === 1, 'the answer');
    expect(await stage.amparo.store.getConversation(identity(stage.users.chen))).toBeNull();
  });

  it('answers only an emulator on this machine', async () => {
    const remote = stage.client.activity(stage.users.chen, { type: 'invoke', name: 'task/fetch', serviceUrl: 'https://smba.trafficmanager.net/teams/', value: { type: 'task/fetch', data: { verb: 'intake', arg: '' } } });
    const response = await stage.client.post(remote, null);
    expect(response.status).toBe(200);
    expect(response.body as Task).toEqual({ task: { type: 'message', value: REFUSED } });
  });
});

describe('Starting Amparo for Teams', () => {
  const KEY = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
  const TEAMS = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', PORT: '0' };
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'amparo-teams-start-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** What the process said, once it stopped with the configuration's exit code (a start that goes on is stopped). */
  async function refused(env: Record<string, string>): Promise<string> {
    const amparo = Terminal.start({ AMPARO_DATA_DIR: dataDir, ...env });
    try {
      const outcome = await Promise.race([amparo.exitCode(), amparo.waitForOutput(/See README\.md\./).then(() => 'started')]);
      expect(outcome).toBe(2);
      return amparo.transcript;
    } finally {
      await amparo.terminate();
    }
  }

  it('with MongoDB, refuses to start without TEAMS_TENANT_ID, naming it', async () => {
    const said = await refused({ ...TEAMS, MONGODB_URI: 'mongodb://127.0.0.1:1/', AMPARO_DATA_KEY: KEY });
    expect(said).toContain('TEAMS_TENANT_ID: required with MONGODB_URI');
  });

  it.each([
    ['MONGODB_URI', { MONGODB_URI: 'mongodb://127.0.0.1:1/', AMPARO_DATA_KEY: KEY }],
    ['AMPARO_DATA_KEY', { AMPARO_DATA_KEY: KEY }],
  ])('refuses to emulate Teams without authentication with %s set', async (_variable, env) => {
    const said = await refused({ TEAMS_EMULATOR: 'on', PORT: '0', ...env });
    expect(said).toMatch(/TEAMS_EMULATOR: .*cannot be on with (MONGODB_URI|AMPARO_DATA_KEY)/);
  });

  it('says which tenant it serves', async () => {
    const database = await openTestDatabase('teams-start');
    try {
      const server = Terminal.start({ ...TEAMS, MONGODB_URI: database.uri, MONGODB_DB: database.dbName, AMPARO_DATA_KEY: KEY, TEAMS_TENANT_ID: TENANT, AMPARO_SWEEP_SCHEDULE: 'off' });
      try {
        expect(await server.waitForOutput(/See README\.md\./)).toContain(`Teams tenant served: ${TENANT}`);
      } finally {
        expect(await server.terminate()).toBe(0);
      }
    } finally {
      await database.drop();
    }
  });

  it('in emulation, says it listens on this machine only and serves any tenant', async () => {
    const server = Terminal.start({ AMPARO_DATA_DIR: dataDir, TEAMS_EMULATOR: 'on', PORT: '0' });
    try {
      const banner = await server.waitForOutput(/See README\.md\./);
      expect(banner).toMatch(/listens on 127\.0\.0\.1 only/);
      expect(banner).toContain('TEAMS_TENANT_ID is not set');
    } finally {
      expect(await server.terminate()).toBe(0);
    }
  });
});
