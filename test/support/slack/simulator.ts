import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Waiter } from '../waiter';

/**
 * A stand-in for Slack's servers: the Web API methods Amparo calls, answered as Slack answers
 * them, every call recorded; plus the response URLs Slack hands out. Only Slack is fake here:
 * Amparo runs real Bolt and its real Web API client against it, over real HTTP.
 */
export interface SlackUserProfile {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  locale: string;
}

export interface Call {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface StoredView {
  id: string;
  user: string;
  view: Record<string, unknown>;
  /** The view below it in the modal stack, for views.push. */
  parent?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks: unknown[];
}

/** A file uploaded through files.getUploadURLExternal, its upload URL and files.completeUploadExternal. */
export interface UploadedFile {
  id: string;
  filename: string;
  /** What the app declared in getUploadURLExternal. */
  length: number;
  bytes?: Buffer;
  title?: string;
  /** Where it was shared on completion; unset while the upload is not completed. */
  channel?: string;
  user?: string;
}

type Failure = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export class SlackSimulator {
  readonly calls: Call[] = [];
  readonly responses: Array<{ url: string; body: Record<string, unknown> }> = [];
  readonly views = new Map<string, StoredView>();
  readonly messages: StoredMessage[] = [];
  readonly homes = new Map<string, Record<string, unknown>>();
  readonly files = new Map<string, UploadedFile>();
  private readonly users = new Map<string, SlackUserProfile>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly gates = new Map<string, Promise<'answer' | 'drop'>>();
  private readonly triggers = new Map<string, string>();
  private server: Server | undefined;
  private counter = 0;
  private readonly waiter = new Waiter(() => `Calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
  private sockets: WebSocketServer | undefined;
  readonly links = new Set<WebSocket>();
  private turn = 0;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  connections = 0;
  url = '';
  /**
   * Benchmarks only: who a trigger id that `trigger()` did not issue belongs to, so that a load
   * tool can make its own. Unset (as in every test), such a trigger id is refused as Slack does.
   */
  acceptTrigger?: (triggerId: string) => string | undefined;

  constructor(
    readonly teamId = 'T0AMPARO1',
    readonly botUserId = 'U0BOT0001',
  ) {}

  addUser(profile: SlackUserProfile): void {
    this.users.set(profile.id, profile);
  }

  /** A trigger id as Slack issues one with a command or a button press, for one user. */
  trigger(user: string): string {
    const id = `${++this.counter}.${Date.now()}.trigger`;
    this.triggers.set(id, user);
    return id;
  }

  /**
   * Calls of `method` are recorded but not answered until the returned function is called, as
   * when Slack is slow: drills use it to catch Amparo in the middle of its work. Released with
   * `drop`, the calls held are cut off unanswered and take no effect, as if they never arrived.
   */
  hold(method: string): (outcome?: 'answer' | 'drop') => void {
    let release: (outcome: 'answer' | 'drop') => void = () => undefined;
    this.gates.set(method, new Promise<'answer' | 'drop'>((resolve) => (release = resolve)));
    return (outcome = 'answer') => {
      this.gates.delete(method);
      release(outcome);
    };
  }

  /** The next calls of `method` fail as given (e.g. 429 with Retry-After, 500). */
  failNext(method: string, failure: Failure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const link of this.links) link.terminate();
    await new Promise<void>((resolve) => (this.sockets ? this.sockets.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Socket Mode: `apps.connections.open` hands out a WebSocket URL; on connection Slack says
   * hello, then sends envelopes that the app must acknowledge with their envelope id.
   */
  enableSocketMode(): void {
    this.sockets = new WebSocketServer({ server: this.server, path: '/link' });
    this.sockets.on('connection', (link) => {
      this.links.add(link);
      this.connections += 1;
      link.on('close', () => {
        this.links.delete(link);
        this.wakeAll();
      });
      link.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload);
      });
      link.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0AMPARO1' }, debug_info: { host: 'simulator' } }));
      this.wakeAll();
    });
  }

  /**
   * Sends an envelope to the connected app and resolves with its acknowledgement's payload. With
   * several connections open (several processes), Slack sends each envelope to one of them: here
   * to each in turn.
   */
  sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<unknown> {
    const links = [...this.links];
    const link = links[this.turn++ % Math.max(1, links.length)];
    if (!link) throw new Error('no Socket Mode connection');
    return this.sendOn(link, type, payload, 0);
  }

  /** The same event sent again on every connection, as Slack's retries of one event may arrive on different ones. */
  sendEnvelopeToEvery(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<unknown[]> {
    return Promise.all([...this.links].map((link, retry) => this.sendOn(link, type, payload, retry)));
  }

  private sendOn(link: WebSocket, type: string, payload: Record<string, unknown>, retryAttempt: number): Promise<unknown> {
    const envelopeId = `env-${++this.counter}`;
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    link.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? 'timeout' : '' }));
    return acked;
  }

  /** Cuts every Socket Mode connection, as a network failure would. */
  dropConnections(): void {
    for (const link of this.links) link.terminate();
  }

  private wakeAll(): void {
    this.waiter.wake();
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(): string {
    return `${this.url}/respond/${++this.counter}`;
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The modal a user has open now: the last one opened, pushed or updated for them. */
  openModal(user: string): StoredView | undefined {
    return [...this.views.values()].filter((v) => v.user === user).at(-1);
  }

  dmsTo(user: string): StoredMessage[] {
    return this.messages.filter((m) => m.user === user);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const raw = bytes.toString('utf8');
    const path = req.url ?? '/';
    if (path.startsWith('/upload/')) {
      await this.receiveUpload(path.slice('/upload/'.length), bytes, req.headers['content-type'] ?? '', res);
      return;
    }
    if (path.startsWith('/respond/')) {
      this.responses.push({ url: path, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      send(res, 200, { ok: true });
      this.waiter.wake();
      return;
    }
    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    this.calls.push({ method, args, token });
    const gate = this.gates.get(method);
    if (gate) {
      this.waiter.wake();
      if ((await gate) === 'drop') {
        res.destroy();
        return;
      }
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) send(res, failure.status, failure.body, failure.headers);
    else send(res, 200, this.answer(method, args));
    this.waiter.wake();
  }

  /** The upload URL takes the file as multipart form data, as Slack's does. */
  private async receiveUpload(id: string, bytes: Buffer, contentType: string, res: ServerResponse): Promise<void> {
    const file = this.files.get(id);
    if (!file || file.bytes) {
      res.writeHead(404).end();
      return;
    }
    const form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: bytes }).formData();
    const part = [...form.values()].find((value) => typeof value !== 'string');
    if (!part || typeof part === 'string') {
      res.writeHead(400).end();
      return;
    }
    file.bytes = Buffer.from(await part.arrayBuffer());
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.bytes.length}`);
    this.waiter.wake();
  }

  /** The files shared with a user in their DM with the app. */
  filesFor(user: string): UploadedFile[] {
    return [...this.files.values()].filter((f) => f.user === user);
  }

  /** Resolves once `condition` holds, checked after every call Amparo makes: never a time. */
  waitFor<T>(condition: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
    return this.waiter.until(condition, `Slack: ${what}`, timeoutMs);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://amparo-test.slack.com/', team: 'Amparo test', team_id: this.teamId, user: 'amparo', user_id: this.botUserId, bot_id: 'B0BOT0001' };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { ...user, team_id: this.teamId, profile: { display_name: user.name } } } : { ok: false, error: 'user_not_found' };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        if (!channel.startsWith('U') || !this.users.has(channel)) return { ok: false, error: 'channel_not_found' };
        const message: StoredMessage = { channel: `D${channel.slice(1)}`, ts: `${1700000000 + ++this.counter}.000100`, user: channel, text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [] };
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? message.text);
        message.blocks = (args.blocks as unknown[]) ?? message.blocks;
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'views.open':
      case 'views.push': {
        const user = this.triggers.get(String(args.trigger_id)) ?? this.acceptTrigger?.(String(args.trigger_id));
        if (!user) return { ok: false, error: 'invalid_trigger_id' };
        this.triggers.delete(String(args.trigger_id));
        const parent = method === 'views.push' ? this.openModal(user)?.id : undefined;
        const stored: StoredView = { id: `V${String(++this.counter).padStart(8, '0')}`, user, view: args.view as Record<string, unknown>, ...(parent ? { parent } : {}) };
        this.views.set(stored.id, stored);
        return { ok: true, view: { id: stored.id, ...stored.view } };
      }
      case 'views.update': {
        const stored = this.views.get(String(args.view_id));
        if (!stored) return { ok: false, error: 'not_found' };
        stored.view = args.view as Record<string, unknown>;
        // The updated view becomes the one on top for its user.
        this.views.delete(stored.id);
        this.views.set(stored.id, stored);
        return { ok: true, view: { id: stored.id, ...stored.view } };
      }
      case 'apps.connections.open':
        return this.sockets ? { ok: true, url: `${this.url.replace('http', 'ws')}/link` } : { ok: false, error: 'not_allowed_token_type' };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.counter).padStart(8, '0')}`;
        this.files.set(id, { id, filename: String(args.filename), length: Number(args.length) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const channel = String(args.channel_id ?? '');
        const user = `U${channel.slice(1)}`;
        if (!channel.startsWith('D') || !this.users.has(user)) return { ok: false, error: 'channel_not_found' };
        const listed = (args.files as Array<{ id: string; title?: string }> | undefined) ?? [];
        const files = listed.map((f) => this.files.get(f.id));
        if (files.some((f) => !f?.bytes || f.bytes.length !== f.length)) return { ok: false, error: 'file_upload_size_mismatch' };
        for (const [i, f] of files.entries()) Object.assign(f as UploadedFile, { channel, user, title: listed[i]?.title ?? (f as UploadedFile).filename });
        return { ok: true, files: files.map((f) => ({ id: f?.id, name: f?.filename, title: f?.title })) };
      }
      case 'views.publish':
        this.homes.set(String(args.user_id), args.view as Record<string, unknown>);
        return { ok: true, view: { id: `VHOME${String(args.user_id)}`, ...(args.view as object) } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** A submitted modal leaves the stack, as it does in Slack. */
  closeView(id: string): void {
    this.views.delete(id);
  }

  /** Replaces a view's content, as `response_action: update` does. */
  replaceView(id: string, view: Record<string, unknown>): void {
    const stored = this.views.get(id);
    if (stored) stored.view = view;
  }
}

/** The Web API client sends form fields, with objects (blocks, view) as JSON strings. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
