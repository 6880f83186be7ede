import type { Server } from 'node:http';
import type { WebClientOptions } from '@slack/web-api';
import type { SlackAdapter } from '../adapters/slack/slack.adapter';
import type { SocketTiming } from '../adapters/slack/socket-receiver';
import type { TeamsChannel } from '../adapters/teams/teams.adapter';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { randomIds, systemClock, type Clock, type IdSource } from './clock';
import type { Config } from './config';
import { close, createHttpApp, finishWithErrorHandler, listen } from './http/server';
import type { Logger } from './logger';
import { createServices, type Services } from './services';
import { applyCommitteesFile } from './services/committees';
import { loadKeyRing } from './services/data-keys';
import { seedDemo } from './services/demo';
import { seedPeople } from './services/seed';
import { startSweepTicker } from './services/sweep-ticker';
import { NotifierRouter } from './services/notifier-router';
import { Metrics } from './metrics';
import { openStore } from './store/open';
import type { Store } from './store/store';

/*
 * Each platform's libraries are loaded only when that platform is served: Teams' alone (teams-ai
 * with botbuilder) weigh about 100 MiB of a process's memory, Slack's (Bolt) about 30.
 */
const slackModule = () => require('../adapters/slack/slack.adapter') as typeof import('../adapters/slack/slack.adapter');
const teamsModule = () => require('../adapters/teams/teams.adapter') as typeof import('../adapters/teams/teams.adapter');

/**
 * The composition root: config -> store -> services -> adapters -> HTTP server. `main.ts`
 * runs it for the process; tests run it in-process with their own clock and settings.
 */
export interface AmparoOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  ids?: IdSource;
  slackClientOptions?: WebClientOptions;
  slackSocketTiming?: SocketTiming;
  /** Tests point Teams authentication at a local issuer. */
  teamsCredentialsFactory?: ServiceClientCredentialsFactory;
  teamsAuthSettings?: Record<string, string | boolean>;
  /** Tests drive the scheduler by hand; the process sweeps on the configured schedule. */
  sweep?: boolean;
}

export interface Amparo {
  config: Config;
  store: Store;
  services: Services;
  notifiers: NotifierRouter;
  metrics: Metrics;
  slack?: SlackAdapter;
  teams?: TeamsChannel;
  http?: { server: Server; port: number };
  /** Set when sensitive fields are sealed under the embedded store's development key. */
  devKeyFile?: string;
  stop(): Promise<void>;
}

export async function startAmparo(options: AmparoOptions): Promise<Amparo> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const { keys, devKeyFile } = await loadKeyRing(config.dataKeys, config.dataDir);
  const store = await openStore(config);
  await applyCommitteesFile(store, config);
  await seedPeople(store, config.people, { locale: config.locale, timeZone: config.timeZone });
  if (config.demo) await seedDemo(store, clock.now(), config.locale, config.timeZone);

  let slack: SlackAdapter | undefined;
  const metrics = new Metrics({
    oldestDueReminderSeconds: async () => {
      const [oldest] = await store.dueReminders(clock.now(), 1);
      return oldest ? Math.max(0, (clock.now().getTime() - oldest.dueAt.getTime()) / 1000) : 0;
    },
    heldSubmissions: async () => (await store.heldSubmissions()).length,
    pingSeconds: async () => {
      const started = performance.now();
      await store.ping();
      return (performance.now() - started) / 1000;
    },
    socketConnected: () => slack?.socketConnected(),
  });
  const notifiers = new NotifierRouter(metrics);
  const services = createServices({
    metrics,
    store,
    keys,
    clock,
    ids: options.ids ?? randomIds,
    notifier: notifiers,
    logger,
    defaults: { locale: config.locale, timeZone: config.timeZone },
    scheduler: { quietHours: config.quietHours, ...(config.reminderLeaseMs ? { leaseMs: config.reminderLeaseMs } : {}) },
  });

  const httpApp = createHttpApp({
    ready: async () => {
      await store.ping().catch((error: unknown) => {
        metrics.databaseError();
        throw error;
      });
      return slack?.ready() ?? true;
    },
    metrics,
  });
  if (config.slack) {
    slack = new (slackModule().SlackAdapter)({
      config: config.slack,
      services,
      logger,
      defaultLocale: config.locale,
      http: httpApp,
      ...(options.slackClientOptions ? { clientOptions: options.slackClientOptions } : {}),
      ...(options.slackSocketTiming ? { socketTiming: options.slackSocketTiming } : {}),
    });
    notifiers.register('slack', slack.notifier);
  }
  let teams: TeamsChannel | undefined;
  if (config.teams) {
    teams = new (teamsModule().TeamsChannel)({
      config: config.teams,
      services,
      logger,
      http: httpApp,
      ...(options.teamsCredentialsFactory ? { credentialsFactory: options.teamsCredentialsFactory } : {}),
      ...(options.teamsAuthSettings ? { authSettings: options.teamsAuthSettings } : {}),
    });
    notifiers.register('teams', teams.notifier);
  }
  finishWithErrorHandler(httpApp);
  const http = config.port !== undefined ? await listen(httpApp, config.port) : undefined;
  await slack?.start();
  const ticker = options.sweep !== false && config.sweepSchedule !== 'off' ? startSweepTicker(services.scheduler, config.sweepSchedule, logger, async () => {
          // Reports acknowledged but still held after the lease (a save that failed): finished now.
          await services.held.retry();
          return services.cases.alertPending();
        }) : undefined;

  return {
    config,
    store,
    services,
    notifiers,
    metrics,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    ...(http ? { http } : {}),
    ...(devKeyFile ? { devKeyFile } : {}),
    stop: async () => {
      // Nothing new starts; what has started finishes; then the database is let go.
      await ticker?.stop();
      await services.scheduler.stop();
      if (http) await close(http.server);
      await slack?.stop();
      // The work just finished may have left reminders to plan (after its alerts).
      await services.scheduler.planned();
      // G5e: a notice that a referral shows less, on its way, goes out before the store closes.
      await services.referralInbox.told();
      await store.close();
    },
  };
}

/**
 * Finish what a crash may have left: register entries, reports acknowledged but not yet saved
 * and alerts not yet sent (G10, G11), and reminders not yet planned (the sweep then sends whatever fell due while nobody ran).
 */
export async function recover(amparo: Amparo): Promise<void> {
  await amparo.services.register.recover();
  await amparo.services.people.recover(); // role terms not yet in the register (G8, G11)
  await amparo.services.held.recover();
  await amparo.services.cases.alertPending();
  await amparo.services.scheduler.planAll();
}
