import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Waiter } from '../waiter';

/**
 * A stand-in for Microsoft's side of Teams: the Bot Connector REST calls a bot makes (send,
 * reply, update, create conversation), every call recorded; and a token issuer whose OpenID
 * metadata and signing keys the bot is pointed at, so authentication is checked for real.
 */
export const OUTBOUND_TOKEN = 'amparo-outbound-token';
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface ConnectorCall {
  /** Which of the stand-in's addresses the call reached: `url`, or `elsewhereUrl` (a host the bot must not trust). */
  origin: string;
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
  /** The language of their Teams client, sent with every activity (default en-US). */
  locale?: string;
}

export class BotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversations made by createConversation, by id, with their member. */
  readonly created = new Map<string, Record<string, unknown>>();
  /** Files put at the upload addresses this stand-in hands out (OneDrive's, in Teams), by name. */
  readonly uploads = new Map<string, { bytes: Buffer; contentRange: string | undefined; origin: string }>();
  private server: Server | undefined;
  /** The same stand-in on a second port: an address the bot is not configured to trust, as an attacker's host would be. */
  private elsewhere: Server | undefined;
  private counter = 0;
  private readonly waiter = new Waiter(() => `Calls: ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private readonly kid = 'amparo-test-key';
  url = '';
  elsewhereUrl = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }

  async start(): Promise<void> {
    this.server = await listenLocally((req, res) => void this.handle(req, res, this.url));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.elsewhere = await listenLocally((req, res) => void this.handle(req, res, this.elsewhereUrl));
    this.elsewhereUrl = `http://127.0.0.1:${(this.elsewhere.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const server of [this.server, this.elsewhere]) await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** The calls that reached the untrusted address. */
  get callsElsewhere(): ConnectorCall[] {
    return this.calls.filter((c) => c.origin === this.elsewhereUrl);
  }

  /** The service URL activities carry, so that the bot answers here. */
  get serviceUrl(): string {
    return `${this.url}/teams/`;
  }

  /** A service URL on the untrusted address. */
  get elsewhereServiceUrl(): string {
    return `${this.elsewhereUrl}/teams/`;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/openid/.well-known/openid-configuration`;
  }

  /** A channel token as Teams would send it; `overrides` forge a wrong one. */
  token(appId: string, overrides: Record<string, unknown> = {}, key: KeyObject = this.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = { iss: CHANNEL_ISSUER, aud: appId, serviceurl: this.serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  callsTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Where Teams would let the bot put a file the person agreed to receive (`elsewhere`: on the untrusted address). */
  uploadUrl(name: string, elsewhere = false): string {
    return `${elsewhere ? this.elsewhereUrl : this.url}/upload/${encodeURIComponent(name)}`;
  }

  /** Resolves once `condition` holds, checked after each call the bot makes. */
  waitFor<T>(condition: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
    return this.waiter.until(condition, `the connector: ${what}`, timeoutMs);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/upload/') && req.method === 'PUT') {
      this.uploads.set(decodeURIComponent(path.slice('/upload/'.length)), { bytes, contentRange: req.headers['content-range'], origin });
      this.waiter.wake();
      return send(res, 201, { id: 'uploaded' });
    }
    if (path === '/openid/.well-known/openid-configuration') {
      return send(res, 200, { issuer: CHANNEL_ISSUER, jwks_uri: `${this.url}/openid/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (path === '/openid/keys') {
      return send(res, 200, { keys: [{ ...this.publicJwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
    }
    const match = /^\/teams\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?$/.exec(path);
    if (!match) return send(res, 404, { error: 'not found' });
    const authorization = req.headers.authorization;
    const conversationId = decodeURIComponent(match[1] ?? '');
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.calls.push({ origin, method: req.method ?? 'GET', path, conversationId, ...(activityId ? { activityId } : {}), body, authorization });
    try {
      if (authorization !== `Bearer ${OUTBOUND_TOKEN}`) return send(res, 401, { error: { code: 'Unauthorized', message: 'no or wrong token' } });
      if (!match[1] && req.method === 'POST') {
        const id = `a:created-${++this.counter}`;
        this.created.set(id, body);
        return send(res, 201, { id, serviceUrl: this.serviceUrl });
      }
      return send(res, req.method === 'PUT' ? 200 : 201, { id: activityId && req.method === 'PUT' ? activityId : `activity-${++this.counter}` });
    } finally {
      this.waiter.wake();
    }
  }
}

async function listenLocally(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** People and their personal chats with the bot, and what Teams posts to the bot for them. */
export class TeamsClient {
  constructor(
    readonly connector: BotConnector,
    readonly messagesUrl: string,
    readonly appId: string,
    readonly botId = `28:${appId}`,
  ) {}

  conversationOf(user: TeamsUser): string {
    return `a:personal-${user.aadObjectId}`;
  }

  activity(user: TeamsUser, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.serviceUrl,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: this.botId, name: 'Amparo' },
      conversation: { id: this.conversationOf(user), conversationType: 'personal', tenantId: user.tenantId },
      channelData: { tenant: { id: user.tenantId } },
      locale: user.locale ?? 'en-US',
      localTimezone: 'Europe/Zurich',
      ...fields,
    };
  }

  async post(activity: Record<string, unknown>, token: string | null = this.connector.token(this.appId)): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(this.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  }

  say(user: TeamsUser, text: string, token?: string | null) {
    return this.post(this.activity(user, { type: 'message', text }), token);
  }

  install(user: TeamsUser) {
    return this.post(this.activity(user, { type: 'conversationUpdate', membersAdded: [{ id: this.botId }] }));
  }

  taskFetch(user: TeamsUser, data: Record<string, unknown>) {
    return this.post(this.activity(user, { type: 'invoke', name: 'task/fetch', value: { type: 'task/fetch', data, context: { theme: 'default' } } }));
  }

  taskSubmit(user: TeamsUser, data: Record<string, unknown>) {
    return this.post(this.activity(user, { type: 'invoke', name: 'task/submit', value: { type: 'task/submit', data, context: { theme: 'default' } } }));
  }

  /** The person's answer to a file consent card: accepted (with where to upload) or declined. */
  fileConsent(user: TeamsUser, action: 'accept' | 'decline', context: unknown, file: string, uploadUrl = this.connector.uploadUrl(file)) {
    const uploadInfo = { name: file, uploadUrl, contentUrl: `https://onedrive.invalid/${file}`, uniqueId: randomUUID(), fileType: file.split('.').pop() };
    return this.post(this.activity(user, { type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action, context, ...(action === 'accept' ? { uploadInfo } : {}) } }));
  }

  execute(user: TeamsUser, verb: string, data: Record<string, unknown>, replyToId: string) {
    return this.post(
      this.activity(user, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
      }),
    );
  }
}
