import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConsoleAdapter } from '../adapters/console/console.adapter';
import { recover, startAmparo, type Amparo } from './app';
import { LOOPBACK_ADDRESS } from './http/trusted-hosts';
import { operatorLocale, translate } from './i18n';
import { createLogger } from './logger';
import { DEMO_COMMITTEE, DEMO_PEOPLE } from './services/demo';
import { EXIT, readConfig, reportStoreUnavailable } from './startup';

/** The process: read the configuration, start Amparo, run the console when no platform is set. */
function banner(amparo: Amparo, consoleMode: boolean): string {
  const { config } = amparo;
  const say = (key: string, vars: Record<string, string | number> = {}) => translate(config.locale, key, vars);
  const adapters = [
    ...(config.slack ? [config.slack.appToken ? 'slack (socket mode)' : 'slack'] : []),
    ...(config.teams ? ['teams'] : []),
    ...(consoleMode ? ['console'] : []),
  ];
  const lines = [say('banner.title'), say('banner.adapter', { adapter: adapters.join(', ') })];
  lines.push(
    config.store.kind === 'mongodb'
      ? say('banner.store_mongodb', { database: config.store.database })
      : say('banner.store_embedded', { file: join(config.store.dataDir, 'store.json') }),
  );
  if (amparo.devKeyFile) lines.push(say('banner.dev_key', { file: amparo.devKeyFile }));
  if (config.demo && consoleMode) lines.push(say('banner.demo', { committee: DEMO_COMMITTEE._id, people: DEMO_PEOPLE.map((p) => p.handle).join(', ') }));
  if (amparo.http) lines.push(say('banner.http', { port: amparo.http.port }));
  if ((amparo.http?.server.address() as AddressInfo | null)?.address === LOOPBACK_ADDRESS) lines.push(say('banner.local_only', { address: LOOPBACK_ADDRESS }));
  if (config.slack && !config.slack.appToken && amparo.http) lines.push(say('banner.slack_url', { port: amparo.http.port }));
  // Who is served: one workspace and one tenant, or (trying Amparo only) anyone who installs the app.
  if (config.slack) lines.push(config.slack.teamId ? say('banner.slack_workspace', { team: config.slack.teamId }) : say('banner.slack_any_workspace'));
  if (config.teams && amparo.http) lines.push(say('banner.teams_url', { port: amparo.http.port }));
  if (config.teams) lines.push(config.teams.tenantId ? say('banner.teams_tenant', { tenant: config.teams.tenantId }) : say('banner.teams_any_tenant'));
  if (config.teams && !config.teams.appId) lines.push(say('banner.teams_unauthenticated'));
  // What else this deployment could serve, not what it serves already.
  if (!config.slack) lines.push(say('banner.also_slack'));
  if (!config.teams) lines.push(say('banner.also_teams'));
  if (config.store.kind !== 'mongodb') lines.push(say('banner.also_mongodb'));
  lines.push(say('banner.readme'));
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const config = readConfig(process.env, process.stderr);
  if (!config) return EXIT.config;
  const consoleMode = !config.slack && !config.teams;
  // In the console the logs share the terminal: only warnings and worse go there by default.
  const logger = createLogger(config.logLevel ?? (consoleMode ? 'warn' : 'info'), 2);
  let amparo: Amparo;
  try {
    amparo = await startAmparo({ config, logger });
  } catch (error) {
    if (reportStoreUnavailable(error, config, process.stderr)) return EXIT.store;
    throw error;
  }
  let consoleAdapter: ConsoleAdapter | undefined;
  if (consoleMode) {
    consoleAdapter = new ConsoleAdapter({
      services: amparo.services,
      input: process.stdin,
      output: process.stdout,
      logger,
      ...(config.demo ? { startAs: 'maria' } : {}),
    });
    amparo.notifiers.register('console', consoleAdapter.inbox);
  }
  // Listen for a stop before saying we are up, so that a stop right after the banner is clean.
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => {
        logger.info({ signal }, 'stopping: finishing the work in progress');
        resolve();
      });
  });
  process.stdout.write(banner(amparo, consoleMode));
  await recover(amparo);
  // Operators (and the fault drills) can tell when what a previous process left is finished.
  logger.info({ source: 'startup' }, 'recovery done: owed alerts sent, held reports saved, reminders planned');
  await (consoleAdapter ? Promise.race([consoleAdapter.run(), stopped]) : stopped);
  await amparo.stop();
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${translate(operatorLocale(), 'startup.unexpected', { reason: error instanceof Error ? error.message : String(error) })}\n`);
    process.exit(EXIT.failed);
  },
);
