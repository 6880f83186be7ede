import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { startAmparo, type Amparo } from '../../../src/app';
import type { Clock } from '../../../src/clock';
import type { Config } from '../../../src/config';
import type { Person, Role } from '../../../src/domain/roles';
import { silentLogger } from '../../../src/logger';
import { DEMO_COMMITTEE } from '../../../src/services/demo';
import { person } from '../people';
import { BotConnector, CHANNEL_ISSUER, OUTBOUND_TOKEN, TeamsClient, type TeamsUser } from './connector';

/**
 * Amparo serving a simulated Teams tenant, in this process, over real HTTP, with
 * authentication on: inbound tokens come from the connector's local issuer, outbound calls
 * carry a token from a local credentials factory (Microsoft's login service is not reached).
 */
export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

class LocalCredentials extends ServiceClientCredentialsFactory {
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}

const CAST: Array<{ key: string; name: string; role?: Role; stateParty?: string }> = [
  { key: 'maria', name: 'Maria Member', role: 'member' },
  { key: 'amina', name: 'Amina Rapporteur', role: 'rapporteur' },
  { key: 'lucas', name: 'Lucas Rapporteur', role: 'rapporteur' },
  { key: 'chen', name: 'Chen Chair', role: 'chair' },
  { key: 'olga', name: 'Olga Country', role: 'country_rapporteur', stateParty: 'NO' },
  { key: 'nora', name: 'Nora Newcomer' },
];

type TeamsCastKey = 'maria' | 'amina' | 'lucas' | 'chen' | 'olga' | 'nora';

export interface TeamsStage {
  amparo: Amparo;
  connector: BotConnector;
  client: TeamsClient;
  users: Record<TeamsCastKey, TeamsUser>;
  people: Record<TeamsCastKey, Person>;
  stop(): Promise<void>;
}

export async function teamsStage(options: { authenticated?: boolean; tenantId?: string; clock?: Clock } = {}): Promise<TeamsStage> {
  const authenticated = options.authenticated ?? true;
  const connector = new BotConnector();
  await connector.start();
  const dataDir = await mkdtemp(join(tmpdir(), 'amparo-teams-'));
  const config: Config = {
    store: { kind: 'embedded', dataDir },
    dataKeys: [{ id: 'test', key: Buffer.alloc(32, 5) }],
    dataDir,
    committees: [DEMO_COMMITTEE],
    people: [],
    demo: false,
    sweepSchedule: 'off',
    quietHours: { start: 20, end: 8 },
    locale: 'en',
    timeZone: 'UTC',
    port: 0,
    teams: {
      ...(authenticated ? { appId: APP_ID, appPassword: 'unused-secret' } : {}),
      appType: 'MultiTenant',
      serviceUrl: connector.serviceUrl,
      tenantId: options.tenantId ?? TENANT,
      // The stand-in is Microsoft's side here: its address is trusted as the Bot Framework's and SharePoint's hosts are.
      serviceUrlHosts: [connector.url],
      uploadHosts: [connector.url],
    },
  };
  const amparo = await startAmparo({
    config,
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(authenticated
      ? {
          teamsCredentialsFactory: new LocalCredentials(),
          teamsAuthSettings: {
            ToBotFromChannelOpenIdMetadataUrl: connector.openIdMetadataUrl,
            ToBotFromEmulatorOpenIdMetadataUrl: connector.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
            ToChannelFromBotLoginUrl: `${connector.url}/login`,
            ToChannelFromBotOAuthScope: 'https://api.botframework.com',
            ValidateAuthority: false,
          },
        }
      : {}),
  });
  const client = new TeamsClient(connector, `http://127.0.0.1:${amparo.http?.port}/api/messages`, APP_ID);
  const users = {} as Record<TeamsCastKey, TeamsUser>;
  const people = {} as Record<TeamsCastKey, Person>;
  for (const [index, member] of CAST.entries()) {
    const objectId = `0000000${index}-0000-0000-0000-00000000000${index}`;
    users[member.key as TeamsCastKey] = { id: `29:${member.key}`, aadObjectId: objectId, name: member.name, tenantId: TENANT };
    if (!member.role) continue;
    const p: Person = {
      ...person(member.key, member.role, member.stateParty ? { stateParty: member.stateParty, at: new Date() } : { at: new Date() }),
      displayName: member.name,
      identityKeys: [`teams:${TENANT}:${objectId}`],
    };
    await amparo.store.insertPerson(p);
    people[member.key as TeamsCastKey] = p;
  }
  return {
    amparo,
    connector,
    client,
    users,
    people,
    stop: async () => {
      await amparo.stop();
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
