import { ConfigError, configLocale, loadConfig, type Config } from './config';
import { translate } from './i18n';
import { StoreUnavailable } from './store/store';

/**
 * What the server and the command line share when they start: reading the configuration and
 * explaining, in a sentence and an exit code, why they could not.
 */
export const EXIT = { ok: 0, failed: 1, config: 2, store: 3 } as const;

/** The configuration, or undefined after saying on stderr what is wrong with it. */
export function readConfig(env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): Config | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((problem) => `  - ${problem}\n`).join('');
    stderr.write(`${translate(configLocale(env), 'startup.config_invalid')}\n${problems}`);
    return undefined;
  }
}

/** The URI without its credentials, for messages. */
export function describeUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}

/** True after explaining an unreachable MongoDB; false when `error` is something else. */
export function reportStoreUnavailable(error: unknown, config: Config, stderr: NodeJS.WritableStream): boolean {
  if (!(error instanceof StoreUnavailable) || config.store.kind !== 'mongodb') return false;
  const reason = error.cause instanceof Error ? error.cause.message : '';
  stderr.write(`${translate(config.locale, 'startup.mongodb_unreachable', { uri: describeUri(config.store.uri), reason })}\n`);
  return true;
}
