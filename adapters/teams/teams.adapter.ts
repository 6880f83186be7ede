import { Application, AdaptiveCardActionExecuteResponseType, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import express, { type Application as HttpApp } from 'express';
import type { TeamsConfig } from '../../src/config';
import { localOnly } from '../../src/http/server';
import { BOT_FRAMEWORK_HOSTS, TEAMS_FILE_HOSTS, TrustedHosts } from '../../src/http/trusted-hosts';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services';
import { registerActions } from './actions';
import { Conversations } from './conversations';
import type { TeamsDeps } from './deps';
import { registerDialogs } from './dialogs';
import { registerFileConsent } from './files';
import { registerGuard } from './guard';
import { registerMessages } from './messages';
import { TeamsNotifier } from './notifier';
import { StrictTeamsAdapter } from './strict-adapter';

const TEAMS_MESSAGES_PATH = '/api/messages';
/** A dialog of 3000-character answers in a three-byte script fits; anything bigger is refused unparsed. */
const TEAMS_BODY_LIMIT = '512kb';

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  services: Services;
  logger: Logger;
  /** The HTTP server's app; `/api/messages` is mounted on it. */
  http: HttpApp;
  /** Replaces how outbound calls get their token (tests: a local issuer). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Bot Framework authentication settings that tests point at a local issuer. */
  authSettings?: Record<string, string | boolean>;
}

/**
 * The Teams adapter: teams-ai on botbuilder, on the shared HTTP server. With an app id every
 * inbound activity must carry a valid Bot Framework token; without one (local emulation
 * only) nothing is checked, the server listens on this machine only, and the startup banner
 * says so. It only translates.
 */
export class TeamsChannel {
  readonly adapter: TeamsAdapter;
  readonly app: Application<TurnState>;
  readonly notifier: TeamsNotifier;
  readonly authenticated: boolean;

  constructor(options: TeamsAdapterOptions) {
    const { config, logger, services } = options;
    this.authenticated = config.appId !== undefined;
    this.adapter = new StrictTeamsAdapter(
      {
        MicrosoftAppId: config.appId ?? '',
        MicrosoftAppPassword: config.appPassword ?? '',
        MicrosoftAppType: config.appType,
        ...(config.appTenantId ? { MicrosoftAppTenantId: config.appTenantId } : {}),
        ...options.authSettings,
      },
      options.credentialsFactory,
    );
    this.adapter.onTurnError = async (_context, error) => {
      logger.error({ source: 'teams', err: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' }, 'teams turn failed');
    };
    this.app = new Application<TurnState>({
      adapter: this.adapter,
      botAppId: config.appId ?? '',
      removeRecipientMention: true,
      startTypingTimer: false,
      longRunningMessages: false,
      adaptiveCards: { actionExecuteResponseType: AdaptiveCardActionExecuteResponseType.REPLACE_FOR_ALL },
    });
    // Without authentication anyone who reaches the port can act as anyone: only this machine may.
    if (!this.authenticated) localOnly(options.http);
    const serviceUrls = TrustedHosts.of(BOT_FRAMEWORK_HOSTS, config.serviceUrlHosts ?? []);
    const conversations = new Conversations(this.adapter, services, { appId: config.appId ?? '', serviceUrl: config.serviceUrl, authenticated: this.authenticated, serviceUrls });
    const deps: TeamsDeps = { services, logger, conversations };
    registerGuard(this.app, { ...(config.tenantId ? { tenantId: config.tenantId } : {}), authenticated: this.authenticated, serviceUrls }, conversations, logger);
    registerMessages(this.app, deps);
    registerDialogs(this.app, deps);
    registerActions(this.app, deps);
    registerFileConsent(this.app, deps, TrustedHosts.of(TEAMS_FILE_HOSTS, config.uploadHosts ?? []));
    this.notifier = new TeamsNotifier(conversations);
    options.http.post(TEAMS_MESSAGES_PATH, express.json({ limit: TEAMS_BODY_LIMIT }), (req, res) => {
      void this.adapter.process(req, res, (context) => this.app.run(context).then(() => undefined));
    });
  }
}
