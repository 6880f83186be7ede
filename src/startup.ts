import { ConfigError, configLocale, loadConfig, type Config } from './config';
import { isAmparoError } from './errors';
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
function describeUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}

/**
 * True after explaining an unreachable MongoDB; false when `error` is something else. Opening
 * the store says `StoreUnavailable`; the services, once running, say `STORE_UNAVAILABLE`.
 */
export function reportStoreUnavailable(error: unknown, config: Config, stderr: NodeJS.WritableStream): boolean {
  const unavailable = error instanceof StoreUnavailable ? error : isAmparoError(error, 'STORE_UNAVAILABLE') ? error.cause : undefined;
  if (!(unavailable instanceof StoreUnavailable) || config.store.kind !== 'mongodb') return false;
  const reason = unavailable.cause instanceof Error ? unavailable.cause.message : '';
  stderr.write(`${translate(config.locale, 'startup.mongodb_unreachable', { uri: describeUri(config.store.uri), reason })}\n`);
  return true;
}
