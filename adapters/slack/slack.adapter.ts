import { App, ExpressReceiver, type Receiver } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Application } from 'express';
import type { SlackConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import type { SlackDeps } from './deps';
import { registerEvents } from './events';
import { boltLogger } from './logger';
import { SlackNotifier } from './notifier';
import { registerOptions } from './options';
import { registerShortcuts } from './shortcuts';
import { SocketReceiver, type SocketTiming } from './socket-receiver';
import { registerViews } from './views';

export const SLACK_EVENTS_PATH = '/slack/events';
/** How long a stop waits for work in progress: within the usual 30 s before an orchestrator kills. */
const STOP_GRACE_MS = 20_000;
/** A modal of 3000-character answers in a three-byte script, echoed with its view, fits; more is refused. */
const SLACK_BODY_LIMIT = '1mb';
/** How far from now a request's signed timestamp may be, either way. */
const SLACK_REQUEST_WINDOW_S = 5 * 60;

export interface SlackAdapterOptions {
  config: SlackConfig;
  services: Services;
  logger: Logger;
  defaultLocale: string;
  /** The HTTP server's app; Bolt's routes are mounted on it (HTTP mode). */
  http: Application;
  /** Tests shorten the Web API client's retries; production keeps Slack's defaults. */
  clientOptions?: WebClientOptions;
  /** Tests shorten Socket Mode's timeouts; production keeps the defaults. */
  socketTiming?: SocketTiming;
}

/**
 * Bolt refuses a request signed more than five minutes ago, but not one signed for later: a
 * signature made ahead of time would stay replayable for longer than five minutes. This refuses
 * both, before Bolt reads the body; Bolt then checks the signature as before. The wall clock,
 * as Bolt's own check uses.
 */
function refuseOutOfWindow(http: Application): void {
  http.post(SLACK_EVENTS_PATH, (req, res, next) => {
    const timestamp = Number(req.get('x-slack-request-timestamp'));
    // A missing or malformed timestamp is Bolt's to refuse, with the signature.
    if (Number.isFinite(timestamp) && Math.abs(Date.now() / 1000 - timestamp) > SLACK_REQUEST_WINDOW_S) {
      res.status(401).send();
      return;
    }
    next();
  });
}

/**
 * The Slack adapter: Bolt on the shared HTTP server (`/slack/events`, verified with the
 * signing secret) or over Socket Mode. It only translates; listeners are grouped by kind.
 */
export class SlackAdapter {
  readonly app: App;
  readonly notifier: SlackNotifier;
  private readonly socket?: SocketReceiver;
  private readonly logger: Logger;
  /** Listener work still running after Slack was answered (a report being saved, alerts going out). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: SlackAdapterOptions) {
    const { config, logger } = options;
    this.logger = logger;
    const clientOptions: WebClientOptions = { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), ...options.clientOptions };
    let receiver: Receiver;
    if (config.appToken) {
      this.socket = new SocketReceiver({ appToken: config.appToken, clientOptions, logger, ...(options.socketTiming ? { timing: options.socketTiming } : {}) });
      receiver = this.socket;
    } else {
      refuseOutOfWindow(options.http);
      receiver = new ExpressReceiver({
        signingSecret: config.signingSecret as string,
        endpoints: SLACK_EVENTS_PATH,
        app: options.http,
        processBeforeResponse: false,
        bodyLimit: SLACK_BODY_LIMIT,
        logger: boltLogger(logger),
      });
    }
    this.app = new App({
      token: config.botToken,
      receiver,
      clientOptions,
      logger: boltLogger(logger),
      convoStore: false,
      ignoreSelf: true,
    });
    const deps: SlackDeps = { services: options.services, logger, defaultLocale: options.defaultLocale };
    this.track();
    this.guard(config, options.services);
    registerCommands(this.app, deps);
    registerViews(this.app, deps);
    registerActions(this.app, deps);
    registerOptions(this.app, deps);
    registerShortcuts(this.app, deps);
    registerEvents(this.app, deps);
    this.app.error(async (error) => {
      logger.error({ source: 'slack', err: `${error.name}: ${error.message}` }, 'slack listener failed');
    });
    this.notifier = new SlackNotifier(() => this.client, options.services, logger);
  }

  get client(): WebClient {
    return this.app.client;
  }

  /** Every listener's work is tracked until it ends, so that a stop can let it finish. */
  private track(): void {
    this.app.use(async ({ next }) => {
      const work = next();
      this.inFlight.add(work);
      try {
        await work;
      } finally {
        this.inFlight.delete(work);
      }
    });
  }

  /**
   * Before any listener: requests from another workspace are refused, and an event Slack
   * delivers again (a retry after a slow acknowledgement) is handled once only. Amparo serves
   * the one workspace it is installed to, also inside an Enterprise Grid organisation. A request
   * through an organisation-wide installation is refused wherever it comes from: one token would
   * then serve every workspace of the organisation, and a person would be known by whichever
   * workspace they act from (README, "Enterprise Grid").
   */
  private guard(config: SlackConfig, services: Services): void {
    this.app.use(async (args) => {
      const { teamId, isEnterpriseInstall } = args.context;
      if (isEnterpriseInstall || (config.teamId && teamId !== config.teamId)) {
        if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
        return;
      }
      const eventId = (args.body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && !(await services.platform.firstDelivery('slack', eventId))) return;
      await args.next();
    });
  }

  /** Socket Mode connects; HTTP mode needs nothing more than the mounted routes. */
  async start(): Promise<void> {
    await this.socket?.start();
  }

  /**
   * Stops receiving, then lets the work already started finish (reports acknowledged and being
   * saved, their alerts), up to `graceMs`; what is cut short then is finished at the next start.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    await this.socket?.stop();
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const done = Promise.allSettled([...this.inFlight]).then(() => 'done' as const);
    if ((await Promise.race([done, late])) === 'late') this.logger.warn({ source: 'slack', inFlight: this.inFlight.size }, 'stopped with work in progress; the next start finishes it');
    clearTimeout(timer);
  }

  /** For /metrics: whether Socket Mode is connected; undefined over HTTP. */
  socketConnected(): boolean | undefined {
    return this.socket ? this.socket.connected : undefined;
  }

  /** For /readyz: false while a Socket Mode connection is down. */
  ready(): boolean {
    return this.socket ? this.socket.connected : true;
  }
}
