import { join } from 'node:path';
import type { Server } from 'node:http';
import { ConsoleAdapter } from '../adapters/console/console.adapter';
import { randomIds, systemClock } from './clock';
import { ConfigError, loadConfig, type Config } from './config';
import { createHttpServer, listen } from './http/server';
import { DEFAULT_LOCALE, translate } from './i18n';
import { createLogger, type Logger } from './logger';
import { createServices } from './services';
import { loadKeyRing } from './services/data-keys';
import { DEMO_COMMITTEE, DEMO_PEOPLE, seedDemo } from './services/demo';
import { NotifierRouter } from './services/notifier-router';
import { EmbeddedStore } from './store/embedded-store';
import { MongoStore } from './store/mongo-store';
import { StoreUnavailable, type Store } from './store/store';

/** The composition root: config -> store -> services -> adapters -> HTTP server. */
async function openStore(config: Config): Promise<Store> {
  const store = config.store.kind === 'mongodb' ? await MongoStore.connect(config.store.uri, config.store.database) : new EmbeddedStore(join(config.store.dataDir, 'store.json'));
  await store.init();
  return store;
}

function banner(config: Config, devKeyFile: string | undefined, port: number | undefined): string {
  const say = (key: string, vars: Record<string, string | number> = {}) => translate(config.locale, key, vars);
  const lines = [say('banner.title'), say('banner.adapter', { adapter: 'console' })];
  lines.push(
    config.store.kind === 'mongodb'
      ? say('banner.store_mongodb', { database: config.store.database })
      : say('banner.store_embedded', { file: join(config.store.dataDir, 'store.json') }),
  );
  if (devKeyFile) lines.push(say('banner.dev_key', { file: devKeyFile }));
  if (config.demo) lines.push(say('banner.demo', { committee: DEMO_COMMITTEE._id, people: DEMO_PEOPLE.map((p) => p.handle).join(', ') }));
  if (port !== undefined) lines.push(say('banner.http', { port }));
  lines.push(say('banner.switch'));
  return `${lines.join('\n')}\n`;
}

/** Without a location the URI's credentials would reach the terminal; keep host and port only. */
function describeUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      const problems = error.problems.map((problem) => `  - ${problem}\n`).join('');
      process.stderr.write(`${translate(DEFAULT_LOCALE, 'startup.config_invalid')}\n${problems}`);
      return 2;
    }
    throw error;
  }
  // The console shares the terminal with the logs: only warnings and worse go there.
  const logger: Logger = createLogger(config.logLevel ?? 'warn', 2);
  const { keys, devKeyFile } = await loadKeyRing(config.dataKeys, config.dataDir);
  let store: Store;
  try {
    store = await openStore(config);
  } catch (error) {
    if (error instanceof StoreUnavailable && config.store.kind === 'mongodb') {
      const reason = error.cause instanceof Error ? error.cause.message : '';
      process.stderr.write(`${translate(config.locale, 'startup.mongodb_unreachable', { uri: describeUri(config.store.uri), reason })}\n`);
      return 3;
    }
    throw error;
  }
  for (const committee of config.committees) await store.saveCommittee(committee);
  if (config.demo) await seedDemo(store, systemClock.now(), config.locale, config.timeZone);

  const router = new NotifierRouter();
  const services = createServices({ store, keys, clock: systemClock, ids: randomIds, notifier: router, logger });
  const consoleAdapter = new ConsoleAdapter({
    services,
    input: process.stdin,
    output: process.stdout,
    logger,
    ...(config.demo ? { startAs: 'maria' } : {}),
  });
  router.register('console', consoleAdapter.inbox);

  let server: Server | undefined;
  let port: number | undefined;
  if (config.port !== undefined) {
    server = createHttpServer({
      ready: async () => {
        await store.ping();
        return true;
      },
      metrics: () => `# HELP amparo_up 1 while Amparo runs\n# TYPE amparo_up gauge\namparo_up 1\n`,
    });
    port = await listen(server, config.port);
  }

  process.stdout.write(banner(config, devKeyFile, port));
  // Finish what a crash may have left: register entries and alerts not yet sent (G10, G11).
  await services.register.recover();
  await services.cases.alertPending();

  const stop = async () => {
    server?.close();
    await store.close();
  };
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  await consoleAdapter.run();
  await stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${translate(DEFAULT_LOCALE, 'startup.unexpected', { reason: error instanceof Error ? error.message : String(error) })}\n`);
    process.exit(1);
  },
);
